package io.behavioralbiometrics.risk.registry;

import io.behavioralbiometrics.risk.RiskProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Signs stored models with HMAC-SHA256 under {@code bb.risk.model-signing-key}, which only
 * the risk engine holds, and checks the signature before a model's bytes are deserialised:
 * whoever can write {@code risk.user_models} but lacks the key can neither plant a model nor
 * move one to another user, feature set or version (all four are signed).
 */
@Component
final class ModelSigner {

    static final String ALGORITHM = "HmacSHA256";
    static final int MIN_KEY_BYTES = 32;

    private final SecretKeySpec key;

    @Autowired // the other constructor is for fromBase64
    ModelSigner(RiskProperties properties) {
        this.key = key(properties.modelSigningKey());
    }

    private ModelSigner(SecretKeySpec key) {
        this.key = key;
    }

    /** For tests and tools: a signer over a base64 key. */
    static ModelSigner fromBase64(String base64) {
        return new ModelSigner(key(base64));
    }

    private static SecretKeySpec key(String base64) {
        if (base64.isBlank()) {
            throw new IllegalStateException("bb.risk.model-signing-key is not set: give every replica the same "
                    + "base64 key of at least " + MIN_KEY_BYTES + " random bytes (e.g. openssl rand -base64 32)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("bb.risk.model-signing-key is not valid base64");
        }
        if (bytes.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("bb.risk.model-signing-key must decode to at least " + MIN_KEY_BYTES
                    + " bytes, it has " + bytes.length);
        }
        return new SecretKeySpec(bytes, ALGORITHM);
    }

    byte[] sign(UUID userId, String featureSet, int version, byte[] model) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            // Length-prefixed fields, so no two different tuples sign the same byte string.
            byte[] set = featureSet.getBytes(StandardCharsets.UTF_8);
            mac.update(ByteBuffer.allocate(16 + 4 + set.length + 4 + 4)
                    .putLong(userId.getMostSignificantBits()).putLong(userId.getLeastSignificantBits())
                    .putInt(set.length).put(set).putInt(version).putInt(model.length).array());
            return mac.doFinal(model);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** In constant time; a missing signature (a model stored before signing) does not verify. */
    boolean verifies(UUID userId, String featureSet, int version, byte[] model, byte @Nullable [] signature) {
        return signature != null && MessageDigest.isEqual(sign(userId, featureSet, version, model), signature);
    }
}
