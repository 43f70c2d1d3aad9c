package io.behavioralbiometrics.identity.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.behavioralbiometrics.identity.IdentityProperties;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PrivateKeyProtectorTests {

    static final byte[] PKCS8 = "pretend-pkcs8-private-key-bytes".getBytes();

    @Test
    void withAnEncryptionKeyPrivateKeysAreSealedAndBoundToTheirKid() {
        PrivateKeyProtector protector = protector(key(1));
        byte[] sealed = protector.protect("kid-1", PKCS8);

        assertThat(protector.protection()).isEqualTo(PrivateKeyProtector.AES_GCM);
        assertThat(new String(sealed)).doesNotContain("pretend-pkcs8");
        assertThat(protector.unprotect("kid-1", PrivateKeyProtector.AES_GCM, sealed)).isEqualTo(PKCS8);
        // Moved onto another row, or read with another key, it does not decrypt.
        assertThatIllegalStateException().isThrownBy(() -> protector.unprotect("kid-2", PrivateKeyProtector.AES_GCM, sealed));
        assertThatIllegalStateException()
                .isThrownBy(() -> protector(key(2)).unprotect("kid-1", PrivateKeyProtector.AES_GCM, sealed));
        assertThatIllegalStateException()
                .isThrownBy(() -> protector(null).unprotect("kid-1", PrivateKeyProtector.AES_GCM, sealed))
                .withMessageContaining("bb.identity.keys.encryption-key");
    }

    @Test
    void withoutAnEncryptionKeyPrivateKeysAreStoredAsTheyAre() {
        PrivateKeyProtector protector = protector(null);
        assertThat(protector.protection()).isEqualTo(PrivateKeyProtector.NONE);
        assertThat(protector.protect("kid-1", PKCS8)).isEqualTo(PKCS8);
        assertThat(protector.unprotect("kid-1", PrivateKeyProtector.NONE, PKCS8)).isEqualTo(PKCS8);
    }

    @Test
    void anEncryptionKeyOfTheWrongSizeIsRefusedAtStart() {
        assertThatIllegalStateException().isThrownBy(
                () -> protector(Base64.getEncoder().encodeToString(new byte[16])));
    }

    private static String key(int seed) {
        byte[] raw = new byte[32];
        java.util.Arrays.fill(raw, (byte) seed);
        return Base64.getEncoder().encodeToString(raw);
    }

    private static PrivateKeyProtector protector(@Nullable String encryptionKey) {
        return new PrivateKeyProtector(new IdentityProperties("i", "a", Duration.ofMinutes(15), Duration.ofDays(7),
                Duration.ofSeconds(30), List.of(), List.of(), new IdentityProperties.Throttle(Duration.ofMinutes(15), 5,
                        50, Duration.ofSeconds(1), Duration.ofMinutes(15),
                        new IdentityProperties.Registration(Duration.ofHours(1), 10, 1000)),
                new IdentityProperties.Hashing(0, Duration.ofSeconds(2), IdentityProperties.Hashing.Implementation.NATIVE),
                new IdentityProperties.Keys(encryptionKey)));
    }
}
