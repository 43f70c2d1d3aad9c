package io.behavioralbiometrics.identity.key;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "signing_keys")
class SigningKey {

    @Id
    private String kid;

    @Column(nullable = false)
    private String algorithm;

    @Column(name = "public_key", nullable = false)
    private byte[] publicKey;

    @Column(name = "private_key", nullable = false)
    private byte[] privateKey;

    @Column(name = "private_key_protection", nullable = false)
    private String privateKeyProtection;

    @Column(nullable = false)
    private boolean active;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "retired_at")
    private @Nullable Instant retiredAt;

    @Column(name = "publish_until")
    private @Nullable Instant publishUntil;

    protected SigningKey() {
        // for JPA
        this.kid = "";
        this.algorithm = "";
        this.publicKey = new byte[0];
        this.privateKey = new byte[0];
        this.privateKeyProtection = "";
        this.createdAt = Instant.EPOCH;
    }

    SigningKey(String kid, String algorithm, byte[] publicKey, byte[] privateKey, String privateKeyProtection,
            Instant createdAt) {
        this.kid = kid;
        this.algorithm = algorithm;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.privateKeyProtection = privateKeyProtection;
        this.active = true;
        this.createdAt = createdAt;
    }

    void retire(Instant now, Instant publishUntil) {
        this.active = false;
        this.retiredAt = now;
        this.publishUntil = publishUntil;
    }

    String kid() {
        return kid;
    }

    String algorithm() {
        return algorithm;
    }

    byte[] publicKey() {
        return publicKey;
    }

    byte[] privateKey() {
        return privateKey;
    }

    String privateKeyProtection() {
        return privateKeyProtection;
    }

    boolean active() {
        return active;
    }

    @Nullable Instant publishUntil() {
        return publishUntil;
    }
}
