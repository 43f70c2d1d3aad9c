package io.behavioralbiometrics.risk.session;

import io.behavioralbiometrics.risk.features.FeatureSet;
import io.behavioralbiometrics.risk.model.RiskLevel;
import io.behavioralbiometrics.risk.scoring.SessionScorer;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** The latest risk of each user's session, in PostgreSQL so every replica answers the same. */
@Service
public class SessionRisks {

    private final SessionRiskRepository repository;

    SessionRisks(SessionRiskRepository repository) {
        this.repository = repository;
    }

    /**
     * @param risk          the session risk of the recent windows
     * @param evidenceRisk  the session evidence over the whole live session so far (null for
     *                      rows stored before it existed)
     */
    public record SessionRisk(UUID sessionId, UUID userId, double risk, RiskLevel level,
            @Nullable Double evidenceRisk, @Nullable RiskLevel evidenceLevel, FeatureSet featureSet,
            int modelVersion, int windows, Instant updatedAt) {
    }

    /** Stores a live score, which always carries its evidence. */
    public void record(UUID sessionId, UUID userId, SessionScorer.Part part, Instant at) {
        repository.upsert(sessionId, userId, part.risk(), part.level().name(), part.evidenceRisk(),
                part.evidenceLevel().name(), part.featureSet().name(), part.modelVersion(), part.windows(), at);
    }

    /** The latest risk of {@code userId}'s session {@code sessionId}. */
    public Optional<SessionRisk> find(UUID userId, UUID sessionId) {
        return repository.findByUserIdAndSessionId(userId, sessionId).map(SessionRisks::toRisk);
    }

    /** Of every user who reported {@code sessionId}, the risk updated last. */
    public Optional<SessionRisk> findLatestOfAnyUser(UUID sessionId) {
        return repository.findFirstBySessionIdOrderByUpdatedAtDesc(sessionId).map(SessionRisks::toRisk);
    }

    private static SessionRisk toRisk(SessionRiskEntity row) {
        return new SessionRisk(row.sessionId(), row.userId(), row.risk(), RiskLevel.valueOf(row.level()),
                row.evidenceRisk(), row.evidenceLevel() == null ? null : RiskLevel.valueOf(row.evidenceLevel()),
                FeatureSet.valueOf(row.featureSet()), row.modelVersion(), row.windows(), row.updatedAt());
    }
}
