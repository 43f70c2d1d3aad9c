package io.behavioralbiometrics.risk.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ModelSignerTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private final ModelSigner signer = ModelSigner.fromBase64(KEY);
    private final UUID user = UUID.randomUUID();
    private final byte[] model = {1, 2, 3, 4};

    @Test
    void aSignatureVerifiesOnlyForTheSameUserFeatureSetVersionAndBytes() {
        byte[] mac = signer.sign(user, "MOUSE", 3, model);

        assertThat(mac).hasSize(32);
        assertThat(signer.verifies(user, "MOUSE", 3, model, mac)).isTrue();
        assertThat(signer.verifies(UUID.randomUUID(), "MOUSE", 3, model, mac)).isFalse();
        assertThat(signer.verifies(user, "BASELINE", 3, model, mac)).isFalse();
        assertThat(signer.verifies(user, "MOUSE", 4, model, mac)).isFalse();
        assertThat(signer.verifies(user, "MOUSE", 3, new byte[] {1, 2, 3, 5}, mac)).isFalse();
        assertThat(signer.verifies(user, "MOUSE", 3, model, null)).isFalse();
    }

    @Test
    void anotherKeysSignatureDoesNotVerify() {
        byte[] other = new byte[32];
        other[0] = 1;
        byte[] mac = ModelSigner.fromBase64(Base64.getEncoder().encodeToString(other)).sign(user, "MOUSE", 1, model);

        assertThat(signer.verifies(user, "MOUSE", 1, model, mac)).isFalse();
    }

    @Test
    void aMissingShortOrMalformedKeyIsRefusedAtStartup() {
        assertThatThrownBy(() -> ModelSigner.fromBase64("")).hasMessageContaining("is not set");
        assertThatThrownBy(() -> ModelSigner.fromBase64(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> ModelSigner.fromBase64("not base64!")).hasMessageContaining("not valid base64");
    }
}
