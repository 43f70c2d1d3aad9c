package io.behavioralbiometrics.identity.key;

import io.behavioralbiometrics.identity.IdentityProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Encrypts private signing keys at rest with AES-256-GCM when a key-encryption key is
 * configured ({@code bb.identity.keys.encryption-key}); the key id is bound as
 * associated data so a ciphertext cannot be swapped onto another row.
 */
@Component
class PrivateKeyProtector {

    static final String NONE = "NONE";
    static final String AES_GCM = "AES256_GCM";

    private static final Logger log = LoggerFactory.getLogger(PrivateKeyProtector.class);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final @Nullable SecretKey kek;
    private final SecureRandom random = new SecureRandom();

    PrivateKeyProtector(IdentityProperties properties) {
        String configured = properties.keys().encryptionKey();
        if (configured == null || configured.isBlank()) {
            this.kek = null;
            log.warn("bb.identity.keys.encryption-key is not set: private signing keys are stored unencrypted "
                    + "and protected only by database access control");
        } else {
            byte[] raw = Base64.getDecoder().decode(configured.trim());
            if (raw.length != 32) {
                throw new IllegalStateException("bb.identity.keys.encryption-key must be base64 of 32 bytes");
            }
            this.kek = new SecretKeySpec(raw, "AES");
        }
    }

    /** Whether a key-encryption key is configured. */
    boolean encrypting() {
        return kek != null;
    }

    String protection() {
        return kek == null ? NONE : AES_GCM;
    }

    byte[] protect(String kid, byte[] pkcs8) {
        if (kek == null) {
            return pkcs8;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(pkcs8);
            byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt signing key", e);
        }
    }

    byte[] unprotect(String kid, String protection, byte[] stored) {
        if (NONE.equals(protection)) {
            return stored;
        }
        if (!AES_GCM.equals(protection)) {
            throw new IllegalStateException("Unknown protection " + protection + " of signing key " + kid);
        }
        if (kek == null) {
            throw new IllegalStateException(
                    "Signing key " + kid + " is encrypted but bb.identity.keys.encryption-key is not set");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, stored, 0, IV_BYTES));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot decrypt signing key " + kid + " (wrong encryption key?)", e);
        }
    }
}
