package io.behavioralbiometrics.risk.session;

import io.behavioralbiometrics.risk.features.FeatureSet;
import io.behavioralbiometrics.risk.model.RiskLevel;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** The latest risk of each session, in PostgreSQL so every replica answers the same. */
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

    public Optional<SessionRisk> find(UUID sessionId) {
        return repository.findById(sessionId).map(row -> new SessionRisk(row.sessionId(), row.userId(), row.risk(),
                RiskLevel.valueOf(row.level()), FeatureSet.valueOf(row.featureSet()), row.modelVersion(),
                row.windows(), row.updatedAt()));
    }
}
