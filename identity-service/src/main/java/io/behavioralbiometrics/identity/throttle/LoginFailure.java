package io.behavioralbiometrics.identity.throttle;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "login_failures")
class LoginFailure {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Column(name = "throttle_key", nullable = false)
    private String throttleKey;

    @Column(name = "failed_at", nullable = false)
    private Instant failedAt;

    protected LoginFailure() {
        // for JPA
        this.throttleKey = "";
        this.failedAt = Instant.EPOCH;
    }

    LoginFailure(String throttleKey, Instant failedAt) {
        this.throttleKey = throttleKey;
        this.failedAt = failedAt;
    }

    @Nullable Long id() {
        return id;
    }
}
