package io.behavioralbiometrics.risk.session;

import io.behavioralbiometrics.risk.features.FeatureSet;
import io.behavioralbiometrics.risk.model.RiskLevel;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** The latest risk of each user's session, in PostgreSQL so every replica answers the same. */
@Service
public class SessionRisks {

    private final SessionRiskRepository repository;

    SessionRisks(SessionRiskRepository repository) {
        this.repository = repository;
    }

    public record SessionRisk(UUID sessionId, UUID userId, double risk, RiskLevel level, FeatureSet featureSet,
            int modelVersion, int windows, Instant updatedAt) {
    }

    public void record(SessionRisk risk) {
        repository.upsert(risk.sessionId(), risk.userId(), risk.risk(), risk.level().name(), risk.featureSet().name(),
                risk.modelVersion(), risk.windows(), risk.updatedAt());
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
                FeatureSet.valueOf(row.featureSet()), row.modelVersion(), row.windows(), row.updatedAt());
    }
}
