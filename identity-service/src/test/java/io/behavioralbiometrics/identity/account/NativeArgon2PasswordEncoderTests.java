package io.behavioralbiometrics.identity.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.identity.IdentityProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * The native encoder and Spring's Bouncy Castle one are interchangeable on stored hashes,
 * so switching {@code bb.identity.hashing.implementation} either way keeps every account.
 */
class NativeArgon2PasswordEncoderTests {

    private final NativeArgon2PasswordEncoder nativeEncoder = NativeArgon2PasswordEncoder.load(Argon2Parameters.OWASP);
    private final Argon2PasswordEncoder javaEncoder = new Argon2PasswordEncoder(16, 32, 1, 19456, 2);

    @Test
    void nativeHashesCarryTheOwaspParametersAndVerifyWithBouncyCastle() {
        String hash = nativeEncoder.encode("correct horse battery staple");

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(javaEncoder.matches("correct horse battery staple", hash)).isTrue();
        assertThat(javaEncoder.matches("correct horse battery stapler", hash)).isFalse();
        assertThat(nativeEncoder.encode("correct horse battery staple")).as("salted").isNotEqualTo(hash);
    }

    @Test
    void bouncyCastleHashesOfExistingAccountsVerifyNatively() {
        String hash = javaEncoder.encode("pässwörd ✓ with non-ASCII");

        assertThat(nativeEncoder.matches("pässwörd ✓ with non-ASCII", hash)).isTrue();
        assertThat(nativeEncoder.matches("passwort ✓ with non-ASCII", hash)).isFalse();
    }

    @Test
    void theServiceHashesNativelyUnlessToldToUseJava() {
        assertThat(new PasswordConfiguration().passwordEncoder(properties(IdentityProperties.Hashing.Implementation.NATIVE)))
                .isInstanceOf(NativeArgon2PasswordEncoder.class);
        assertThat(new PasswordConfiguration().passwordEncoder(properties(IdentityProperties.Hashing.Implementation.JAVA)))
                .isInstanceOf(Argon2PasswordEncoder.class);
    }

    private static IdentityProperties properties(IdentityProperties.Hashing.Implementation implementation) {
        return new IdentityProperties("i", "a", Duration.ofMinutes(15), Duration.ofDays(7), Duration.ofSeconds(30),
                List.of(), List.of(), new IdentityProperties.Throttle(Duration.ofMinutes(15), 5, 50,
                        Duration.ofSeconds(1), Duration.ofMinutes(15),
                        new IdentityProperties.Registration(Duration.ofHours(1), 10, 1000)),
                new IdentityProperties.Hashing(0, Duration.ofSeconds(2), implementation),
                new IdentityProperties.Keys(null));
    }

    @Test
    void malformedOrForeignStoredValuesMatchNothing() {
        assertThat(nativeEncoder.matches("x", null)).isFalse();
        assertThat(nativeEncoder.matches("x", "")).isFalse();
        assertThat(nativeEncoder.matches("x", "$2a$10$notAnArgon2HashAtAll.............................")).isFalse();
        assertThat(nativeEncoder.matches("x", "$argon2id$v=19$m=19456,t=2,p=1$broken")).isFalse();
    }
}
