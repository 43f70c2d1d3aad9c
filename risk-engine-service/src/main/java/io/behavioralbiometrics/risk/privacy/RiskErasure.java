package io.behavioralbiometrics.risk.privacy;

import io.behavioralbiometrics.core.bus.UserDeletion;
import io.behavioralbiometrics.risk.background.BackgroundPool;
import io.behavioralbiometrics.risk.live.SessionKeys;
import io.behavioralbiometrics.risk.registry.ModelRegistry;
import io.behavioralbiometrics.risk.scoring.ScoreRateLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    /** Redis key prefixes of the retraining state (training.AutomaticRetraining); the live keys are in SessionKeys. */
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
        // Every window is listed in the user's live set when it is written (also those of
        // sessions never scored); a window dropped from the set has expired. All share the
        // user's cluster slot with the score count; the retraining keys are deleted on their own slots.
        String live = SessionKeys.live(userId);
        List<String> keys = new ArrayList<>();
        Set<String> windows = redis.opsForZSet().range(live, 0, -1);
        if (windows != null) {
            windows.forEach(window -> keys.addAll(SessionKeys.ofWindow(window)));
        }
        keys.add(live);
        keys.add(ScoreRateLimit.key(userId));
        redis.delete(keys);
        redis.delete(List.of(RETRAIN_COUNTER_PREFIX + userId, RETRAIN_LOCK_PREFIX + userId));
        log.info("Erased user {}: {} models, {} session risks and their live windows, {} background pool entries; "
                + "{} other users' models marked for retraining", userId, erased.models(), erased.sessions().size(),
                erased.pooled(), erased.affected());
    }

    private record Erased(List<UUID> sessions, int models, int pooled, int affected) {
    }
}
