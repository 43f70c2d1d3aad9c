package io.behavioralbiometrics.identity.key;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import io.behavioralbiometrics.identity.IdentityProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ES256 signing keys, kept in PostgreSQL so every replica signs with the same key
 * and a restart keeps it. Creation and rotation run under a transaction-scoped advisory
 * lock, and a partial unique index allows only one active key, so replicas starting at
 * once cannot create two.
 *
 * <p>With a key-encryption key configured, a stored key signs and is published only if it
 * was sealed with that key and its private half matches its public one. Anyone who can
 * write the table but does not hold the key (a compromised service sharing the database,
 * a restored dump) therefore cannot add a key of theirs to the JWKS or make this service
 * sign with it; an active key refused that way is replaced by a new one at once.
 */
@Service
public class SigningKeys {

    public static final String ALGORITHM = "ES256";

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    /** Advisory-lock id for key creation and rotation ("identkey"). */
    private static final long KEY_LOCK = 0x6964656e746b6579L;

    private final SigningKeyRepository repository;
    private final PrivateKeyProtector protector;
    private final IdentityProperties properties;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final Map<String, ActiveKey> parsed = new ConcurrentHashMap<>();
    /** Whether each key id passed {@link #trusted}; a row's key material never changes under its id. */
    private final Map<String, Boolean> verdicts = new ConcurrentHashMap<>();

    SigningKeys(SigningKeyRepository repository, PrivateKeyProtector protector, IdentityProperties properties,
            TransactionTemplate transactions, JdbcTemplate jdbc) {
        this.repository = repository;
        this.protector = protector;
        this.properties = properties;
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    /** The key that signs new tokens. */
    public record ActiveKey(String kid, PrivateKey privateKey, ECPublicKey publicKey) {
    }

    /** Outcome of a rotation: the new key, and until when the previous one stays published. */
    public record Rotation(String kid, @Nullable String previousKid, @Nullable Instant previousPublishedUntil) {
    }

    @EventListener(ApplicationStartedEvent.class)
    void createFirstKeyOnStart() {
        ActiveKey key = activeKey();
        log.info("Signing with key {}", key.kid());
    }

    /** The active key, created on first use. Read from the database each time so a rotation on another replica is seen at once. */
    public ActiveKey activeKey() {
        SigningKey key = repository.findByActiveTrue().filter(this::trusted).orElseGet(this::createIfAbsent);
        return parsed.computeIfAbsent(key.kid(), kid -> parse(key));
    }

    /** Public keys to publish: the active one and retired ones whose tokens may still be valid. */
    public JWKSet publishedJwkSet() {
        List<JWK> keys = repository.findPublished(Instant.now()).stream()
                .filter(this::trusted)
                .map(key -> (JWK) new ECKey.Builder(Curve.P_256, publicKey(key.publicKey()))
                        .keyID(key.kid())
                        .algorithm(JWSAlgorithm.ES256)
                        .keyUse(KeyUse.SIGNATURE)
                        .build())
                .toList();
        return new JWKSet(keys);
    }

    /**
     * Retires the active key (still published for access-token TTL plus clock skew, so its
     * tokens stay verifiable until they expire) and activates a new one.
     */
    public Rotation rotate() {
        Rotation rotation = transactions.execute(status -> {
            lock();
            Instant now = Instant.now();
            repository.deleteExpired(now);
            SigningKey previous = repository.findByActiveTrue().orElse(null);
            Instant publishUntil = null;
            if (previous != null) {
                publishUntil = now.plus(properties.accessTokenTtl()).plus(properties.clockSkew());
                previous.retire(now, publishUntil);
                // Flush now: Hibernate orders inserts before updates, which would briefly give two active keys.
                repository.saveAndFlush(previous);
            }
            SigningKey created = repository.saveAndFlush(generate(now));
            return new Rotation(created.kid(), previous == null ? null : previous.kid(), publishUntil);
        });
        log.info("Rotated signing key: {} is active, {} stays published until {}",
                rotation.kid(), rotation.previousKid(), rotation.previousPublishedUntil());
        return rotation;
    }

    private SigningKey createIfAbsent() {
        return transactions.execute(status -> {
            lock();
            Instant now = Instant.now();
            SigningKey active = repository.findByActiveTrue().orElse(null);
            if (active != null && trusted(active)) {
                return active;
            }
            if (active != null) {
                // Unpublished at once: its tokens must not verify.
                active.retire(now, now);
                repository.saveAndFlush(active);
            }
            SigningKey created = repository.saveAndFlush(generate(now));
            log.info("Created signing key {}{}", created.kid(),
                    active == null ? "" : " in place of the refused key " + active.kid());
            return created;
        });
    }

    private boolean trusted(SigningKey key) {
        return !protector.encrypting() || verdicts.computeIfAbsent(key.kid(), kid -> verify(key));
    }

    /** Sealed with the configured key-encryption key, and the private half signs what the public half verifies. */
    private boolean verify(SigningKey key) {
        if (!PrivateKeyProtector.AES_GCM.equals(key.privateKeyProtection())) {
            log.error("Signing key {} is stored with protection {} although bb.identity.keys.encryption-key is set: "
                    + "refused, neither published nor used (only this service, holding that key, writes keys)",
                    key.kid(), key.privateKeyProtection());
            return false;
        }
        try {
            ActiveKey parsedKey = parsed.computeIfAbsent(key.kid(), kid -> parse(key));
            byte[] probe = key.kid().getBytes(StandardCharsets.UTF_8);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(parsedKey.privateKey());
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(parsedKey.publicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return true;
            }
            log.error("Signing key {}: its private key does not match its public key; refused", key.kid());
        } catch (IllegalStateException | GeneralSecurityException e) {
            log.error("Signing key {} does not decrypt with bb.identity.keys.encryption-key; refused", key.kid());
        }
        parsed.remove(key.kid());
        return false;
    }

    private void lock() {
        jdbc.queryForList("select pg_advisory_xact_lock(?)", KEY_LOCK);
    }

    private SigningKey generate(Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            String kid = UUID.randomUUID().toString();
            return new SigningKey(kid, ALGORITHM, pair.getPublic().getEncoded(),
                    protector.protect(kid, pair.getPrivate().getEncoded()), protector.protection(), now);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate an EC P-256 key", e);
        }
    }

    private ActiveKey parse(SigningKey key) {
        try {
            byte[] pkcs8 = protector.unprotect(key.kid(), key.privateKeyProtection(), key.privateKey());
            PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new ActiveKey(key.kid(), privateKey, publicKey(key.publicKey()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read signing key " + key.kid(), e);
        }
    }

    private static ECPublicKey publicKey(byte[] x509) {
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read a stored public key", e);
        }
    }
}
