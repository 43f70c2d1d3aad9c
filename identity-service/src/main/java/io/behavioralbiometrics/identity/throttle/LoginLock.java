package io.behavioralbiometrics.identity.throttle;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Read-only view of a lock; locks are written with an upsert in {@link LoginFailureRepository#lock}. */
@Entity
@Table(name = "login_locks")
class LoginLock {

    @Id
    @Column(name = "throttle_key")
    private String throttleKey;

    @Column(name = "locked_until", nullable = false)
    private Instant lockedUntil;

    protected LoginLock() {
        this.throttleKey = "";
        this.lockedUntil = Instant.EPOCH;
    }
}
