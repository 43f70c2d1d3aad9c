package io.behavioralbiometrics.risk.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The latest risk of one user's session; written by upsert, read through JPA. Keyed by
 * user and session, as the session id is chosen by the browser and not unique across users.
 */
@Entity
@Table(name = "session_risk")
@IdClass(SessionRiskEntity.Key.class)
class SessionRiskEntity {

    /** The composite primary key (user_id, session_id). */
    static final class Key implements Serializable {

        private @Nullable UUID userId;
        private @Nullable UUID sessionId;

        Key() {
        }

        Key(UUID userId, UUID sessionId) {
            this.userId = userId;
            this.sessionId = sessionId;
        }

        @Override
        public boolean equals(@Nullable Object other) {
            return other instanceof Key key && Objects.equals(userId, key.userId)
                    && Objects.equals(sessionId, key.sessionId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, sessionId);
        }
    }

    @Id
    @Column(name = "user_id")
    private UUID userId;

    @Id
    @Column(name = "session_id")
    private UUID sessionId;

    @Column(name = "risk", nullable = false)
    private double risk;

    @Column(name = "level", nullable = false)
    private String level;

    @Column(name = "evidence_risk")
    private @Nullable Double evidenceRisk;

    @Column(name = "evidence_level")
    private @Nullable String evidenceLevel;

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

    @Nullable Double evidenceRisk() {
        return evidenceRisk;
    }

    @Nullable String evidenceLevel() {
        return evidenceLevel;
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
