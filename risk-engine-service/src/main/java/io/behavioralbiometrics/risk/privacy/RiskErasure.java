package io.behavioralbiometrics.risk.privacy;

import io.behavioralbiometrics.core.bus.UserDeletion;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import io.behavioralbiometrics.risk.background.BackgroundPool;
import io.behavioralbiometrics.risk.registry.ModelRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes everything the risk engine holds of a user: model versions, session risks, their
 * rows in the background pool, the user's live session windows and the retraining counter
 * and lock in Redis. Other users' models that learnt against the user's pool rows lose their
 * older versions at once and answer without their background until they are retrained (see
 * {@code training.BackgroundRetraining}). Safe to repeat.
 */
@Component
class RiskErasure {

    private static final Logger log = LoggerFactory.getLogger(RiskErasure.class);
    /** Redis key prefixes of per-session and per-user state (live.SessionWindows, training.AutomaticRetraining). */
    static final String SESSION_WINDOW_PREFIX = "bb:risk:session:"; // then <user>:<session>[:new]
    static final String RETRAIN_COUNTER_PREFIX = "bb:risk:retrain:events:";
    static final String RETRAIN_LOCK_PREFIX = "bb:risk:retrain:lock:";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final StringRedisTemplate redis;
    private final BackgroundPool pool;
    private final ModelRegistry registry;

    RiskErasure(JdbcClient jdbc, TransactionTemplate transactions, StringRedisTemplate redis, BackgroundPool pool,
            ModelRegistry registry) {
        this.pool = pool;
        this.registry = registry;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.redis = redis;
    }

    void erase(UserDeletion deletion) {
        UUID userId = deletion.userId();
        Erased erased = transactions.execute(status -> {
            List<UUID> sessions = jdbc.sql("delete from risk.session_risk where user_id = :id returning session_id")
                    .param("id", userId).query(UUID.class).list();
            int models = jdbc.sql("delete from risk.user_models where user_id = :id").param("id", userId).update();
            jdbc.sql("delete from risk.training_leases where user_id = :id").param("id", userId).update();
            int pooled = pool.remove(userId);
            int affected = registry.forgetBackgroundUser(userId);
            return new Erased(sessions, models, pooled, affected);
        });
        List<String> keys = new ArrayList<>();
        // Live windows are keyed by user and session, so a user's windows are found by
        // prefix, also those of sessions that were never scored.
        try (Cursor<String> windows = redis.scan(ScanOptions.scanOptions()
                .match(SESSION_WINDOW_PREFIX + userId + ":*").count(1000).build())) {
            windows.forEachRemaining(keys::add);
        }
        keys.add(RETRAIN_COUNTER_PREFIX + userId);
        keys.add(RETRAIN_LOCK_PREFIX + userId);
        redis.delete(keys);
        log.info("Erased user {}: {} models, {} session risks and their live windows, {} background pool entries; "
                + "{} other users' models marked for retraining", userId, erased.models(), erased.sessions().size(),
                erased.pooled(), erased.affected());
    }

    private record Erased(List<UUID> sessions, int models, int pooled, int affected) {
    }
}
