package io.behavioralbiometrics.risk.privacy;

import io.behavioralbiometrics.risk.web.AccessPolicy;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import io.behavioralbiometrics.risk.background.BackgroundPool;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the risk engine holds of a user, machine-readable: model metadata (never the
 * serialized model) and the session risk history. Own data for everyone, anyone's for admins.
 */
@RestController
class RiskExportController {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final BackgroundPool pool;

    RiskExportController(JdbcClient jdbc, JsonMapper json, BackgroundPool pool) {
        this.pool = pool;
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * @param backgroundUsers how many other users' pool rows the model learnt against (never who)
     * @param backgroundStale whether a user in that background was erased and the model awaits its retrain
     */
    record Model(String featureSet, String featureSetVersion, int version, String modelKind, int backgroundUsers,
            boolean backgroundStale, int trainingEvents, int trainingRows, Instant trainedAt, long trainingMillis,
            @Nullable JsonNode calibration, JsonNode hyperparameters) {
    }

    record SessionRisk(UUID sessionId, double risk, String level, @Nullable Double evidenceRisk,
            @Nullable String evidenceLevel, String featureSet, int modelVersion, int windows, Instant updatedAt) {
    }

    /**
     * @param backgroundPool the user's feature rows held in the background pool, per feature set
     *                       (other users' models learn against them); empty when not in the pool
     */
    record RiskExport(UUID userId, List<Model> models, List<SessionRisk> sessionRisks,
            List<BackgroundPool.Contribution> backgroundPool, Instant exportedAt) {
    }

    @GetMapping("/api/users/me/data")
    @Transactional(readOnly = true)
    RiskExport exportOwn(Authentication authentication) {
        return export(UUID.fromString(authentication.getName()));
    }

    @GetMapping("/api/admin/users/{userId}/data")
    @Transactional(readOnly = true)
    RiskExport exportAny(@PathVariable UUID userId, Authentication authentication) {
        if (!AccessPolicy.isAdmin(authentication)) {
            throw AccessPolicy.forbidden("Only an admin may export another user's data");
        }
        return export(userId);
    }

    private RiskExport export(UUID userId) {
        List<Model> models = jdbc.sql("""
                select feature_set, feature_set_version, version, model_kind,
                       (select count(*) from risk.model_background b where b.model_id = m.id) as background_users,
                       background_stale_since is not null as background_stale, training_events, training_rows,
                       trained_at, training_millis, calibration::text as calibration,
                       hyperparameters::text as hyperparameters
                from risk.user_models m where user_id = :id order by feature_set, version""")
                .param("id", userId)
                .query((rs, row) -> new Model(rs.getString("feature_set"), rs.getString("feature_set_version"),
                        rs.getInt("version"), rs.getString("model_kind"), rs.getInt("background_users"),
                        rs.getBoolean("background_stale"), rs.getInt("training_events"), rs.getInt("training_rows"),
                        rs.getTimestamp("trained_at").toInstant(), rs.getLong("training_millis"),
                        rs.getString("calibration") == null ? null : json.readTree(rs.getString("calibration")),
                        json.readTree(rs.getString("hyperparameters"))))
                .list();
        List<SessionRisk> risks = jdbc.sql("""
                select session_id, risk, level, evidence_risk, evidence_level, feature_set, model_version, windows,
                       updated_at
                from risk.session_risk where user_id = :id order by updated_at""")
                .param("id", userId)
                .query((rs, row) -> new SessionRisk(rs.getObject("session_id", UUID.class), rs.getDouble("risk"),
                        rs.getString("level"), rs.getObject("evidence_risk", Double.class),
                        rs.getString("evidence_level"), rs.getString("feature_set"), rs.getInt("model_version"),
                        rs.getInt("windows"), rs.getTimestamp("updated_at").toInstant()))
                .list();
        return new RiskExport(userId, models, risks, pool.contributions(userId), Instant.now());
    }
}
