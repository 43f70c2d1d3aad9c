package io.behavioralbiometrics.risk.session;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface SessionRiskRepository extends JpaRepository<SessionRiskEntity, SessionRiskEntity.Key> {

    Optional<SessionRiskEntity> findByUserIdAndSessionId(UUID userId, UUID sessionId);

    /** Of the users who reported {@code sessionId}, the row updated last (for an admin's look-up). */
    Optional<SessionRiskEntity> findFirstBySessionIdOrderByUpdatedAtDesc(UUID sessionId);

    /**
     * Replicas may score one session concurrently; an upsert keeps the newest score
     * without a read-modify-write race, and never lets an older one overwrite it.
     */
    @Transactional
    @Modifying
    @Query(nativeQuery = true, value = """
            insert into risk.session_risk (session_id, user_id, risk, level, evidence_risk, evidence_level, feature_set,
                                           model_version, windows, updated_at)
            values (:sessionId, :userId, :risk, :level, :evidenceRisk, :evidenceLevel, :featureSet, :modelVersion,
                    :windows, :updatedAt)
            on conflict (user_id, session_id) do update
               set risk = excluded.risk, level = excluded.level, evidence_risk = excluded.evidence_risk,
                   evidence_level = excluded.evidence_level, feature_set = excluded.feature_set,
                   model_version = excluded.model_version, windows = excluded.windows,
                   updated_at = excluded.updated_at
             where session_risk.updated_at <= excluded.updated_at
            """)
    int upsert(UUID sessionId, UUID userId, double risk, String level, double evidenceRisk, String evidenceLevel,
            String featureSet, int modelVersion, int windows, Instant updatedAt);
}
