package io.behavioralbiometrics.risk.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The latest risk of a session; written by upsert, read through JPA. */
@Entity
@Table(name = "session_risk")
class SessionRiskEntity {

    @Id
    @Column(name = "session_id")
    private UUID sessionId;

    @Column(name = "user_id", nullable = false)
    private UUID userId;

    @Column(name = "risk", nullable = false)
    private double risk;

    @Column(name = "level", nullable = false)
    private String level;

    @Column(name = "feature_set", nullable = false)
    private String featureSet;

    @Column(name = "model_version", nullable = false)
    private int modelVersion;

    @Column(name = "windows", nullable = false)
    private int windows;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @SuppressWarnings("NullAway.Init")
    protected SessionRiskEntity() {
    }

    UUID sessionId() {
        return sessionId;
    }

    UUID userId() {
        return userId;
    }

    double risk() {
        return risk;
    }

    String level() {
        return level;
    }

    String featureSet() {
        return featureSet;
    }

    int modelVersion() {
        return modelVersion;
    }

    int windows() {
        return windows;
    }

    Instant updatedAt() {
        return updatedAt;
    }
}
