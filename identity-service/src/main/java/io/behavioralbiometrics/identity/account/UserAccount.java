package io.behavioralbiometrics.identity.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "users")
public class UserAccount {

    @Id
    private UUID id;

    @Column(nullable = false)
    private String email;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Column(nullable = false)
    private boolean admin;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected UserAccount() {
        // for JPA
        this.id = new UUID(0, 0);
        this.email = "";
        this.passwordHash = "";
        this.createdAt = Instant.EPOCH;
    }

    UserAccount(UUID id, String email, String passwordHash, boolean admin, Instant createdAt) {
        this.id = id;
        this.email = email;
        this.passwordHash = passwordHash;
        this.admin = admin;
        this.createdAt = createdAt;
    }

    public UUID id() {
        return id;
    }

    public String email() {
        return email;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public boolean admin() {
        return admin;
    }

    public void grantAdmin() {
        this.admin = true;
    }

    /** Token roles: everyone is a {@code user}; administrators are also {@code admin}. */
    public List<String> roles() {
        return admin ? List.of("user", "admin") : List.of("user");
    }
}
