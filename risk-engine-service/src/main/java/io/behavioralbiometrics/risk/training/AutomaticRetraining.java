package io.behavioralbiometrics.risk.training;

import io.behavioralbiometrics.risk.RiskProperties;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Retrains a user once {@code bb.risk.retraining.new-events} live events arrived since the
 * last attempt (off by default). The count and a per-user lock live in Redis, so with many
 * replicas exactly one trains, and nothing runs on a timer. The training reads the events
 * the event-logger stored, which may trail the stream by a moment.
 */
@Component
public class AutomaticRetraining {

    private static final Logger log = LoggerFactory.getLogger(AutomaticRetraining.class);
    static final String COUNTER_PREFIX = "bb:risk:retrain:events:";
    static final String LOCK_PREFIX = "bb:risk:retrain:lock:";
    private static final Duration COUNTER_TTL = Duration.ofDays(30);

    private final StringRedisTemplate redis;
    private final TrainingService training;
    private final RiskProperties.Retraining settings;

    AutomaticRetraining(StringRedisTemplate redis, TrainingService training, RiskProperties properties) {
        this.redis = redis;
        this.training = training;
        this.settings = properties.retraining();
    }

    /** Whether live batches count towards retraining, so even users without a model need their events read. */
    public boolean enabled() {
        return settings.enabled();
    }

    /** Counts a user's new live events and starts a retrain in the background when due. */
    public void eventsArrived(UUID userId, int events) {
        if (!settings.enabled() || events <= 0) {
            return;
        }
        String counter = COUNTER_PREFIX + userId;
        Long total = redis.opsForValue().increment(counter, events);
        redis.expire(counter, COUNTER_TTL);
        if (total == null || total < settings.newEvents()) {
            return;
        }
        String lock = LOCK_PREFIX + userId;
        if (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(lock, "1", settings.lockTtl()))) {
            return;
        }
        redis.delete(counter);
        Thread.ofVirtual().name("risk-retrain").start(() -> retrain(userId, lock));
    }

    private void retrain(UUID userId, String lock) {
        try {
            TrainingResponse response = training.train(userId);
            log.info("Retrained user {} automatically: {} models", userId, response.models().size());
        } catch (NotEnoughEventsException e) {
            log.info("Automatic retraining of user {} skipped: {}", userId, e.getBody().getDetail());
        } catch (TrainingInProgressException e) {
            log.info("Automatic retraining of user {} skipped: another training of theirs is running", userId);
        } catch (RuntimeException e) {
            log.warn("Automatic retraining of user {} failed: {}", userId, e.toString());
        } finally {
            redis.delete(lock);
        }
    }
}
