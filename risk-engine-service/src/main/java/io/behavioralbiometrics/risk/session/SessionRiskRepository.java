package io.behavioralbiometrics.risk.session;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface SessionRiskRepository extends JpaRepository<SessionRiskEntity, UUID> {

    /**
     * Replicas may score one session concurrently; an upsert keeps the newest score
     * without a read-modify-write race, and never lets an older one overwrite it.
     */
    @Transactional
    @Modifying
    @Query(nativeQuery = true, value = """
            insert into risk.session_risk (session_id, user_id, risk, level, feature_set, model_version, windows, updated_at)
            values (:sessionId, :userId, :risk, :level, :featureSet, :modelVersion, :windows, :updatedAt)
            on conflict (session_id) do update
               set risk = excluded.risk, level = excluded.level, feature_set = excluded.feature_set,
                   model_version = excluded.model_version, windows = excluded.windows,
                   updated_at = excluded.updated_at
             where session_risk.user_id = excluded.user_id and session_risk.updated_at <= excluded.updated_at
            """)
    int upsert(UUID sessionId, UUID userId, double risk, String level, String featureSet, int modelVersion,
            int windows, Instant updatedAt);
}
