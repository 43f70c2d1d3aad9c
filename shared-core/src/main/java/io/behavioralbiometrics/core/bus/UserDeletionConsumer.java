package io.behavioralbiometrics.core.bus;

import io.behavioralbiometrics.core.event.ContractViolation;
import io.behavioralbiometrics.core.stream.RedisStreamConnections;
import io.behavioralbiometrics.core.stream.StreamConsumer;
import io.behavioralbiometrics.core.stream.StreamEntry;
import io.behavioralbiometrics.core.stream.StreamHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * One service's member of its consumer group on {@value BusNames#USER_DELETED_STREAM}: a
 * {@link StreamConsumer} whose handler runs the service's {@link Eraser} for each entry,
 * records the completion in the erasure's status hash, and is then acknowledged; the service
 * that completes an erasure last also deletes the entry, so the stream does not keep the user
 * id once everybody is done.
 * <p>
 * The group is created from the start of the stream, so an erasure announced before the
 * service first ran is still delivered. A failing eraser leaves its entry pending; it is
 * retried with a growing delay, and by another replica once idle for {@code claimMinIdle}.
 */
public final class UserDeletionConsumer implements SmartLifecycle {

    /** Deletes everything the service holds of a user. Must be idempotent; throw to retry later. */
    @FunctionalInterface
    public interface Eraser {
        void erase(UserDeletion deletion);
    }

    /**
     * @param pollInterval how long a read waits for a new erasure; also the first retry pause
     * @param claimMinIdle entries pending on another consumer longer than this are taken over
     * @param maxBackoff   longest pause after repeated failures
     */
    public record Settings(Duration pollInterval, Duration claimMinIdle, Duration maxBackoff) {

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(30));
        }
    }

    private static final Logger log = LoggerFactory.getLogger(UserDeletionConsumer.class);
    private static final String STREAM = BusNames.USER_DELETED_STREAM;
    private static final int COUNT = 50;

    private final StringRedisTemplate redis;
    private final String service;
    private final Eraser eraser;
    private final StreamConsumer consumer;
    private final Clock clock = Clock.systemUTC();

    /**
     * @param service  this service's field in the status hash, one of {@link UserDeletion#SERVICES}
     * @param group    this service's consumer group
     * @param consumer this replica's name in the group
     */
    public UserDeletionConsumer(RedisStreamConnections streams, StringRedisTemplate redis, String service,
            String group, String consumer, Eraser eraser, Settings settings) {
        this.redis = redis;
        this.service = service;
        this.eraser = eraser;
        this.consumer = StreamConsumer.member(streams, new StreamConsumer.Group(STREAM, group, consumer, "0", COUNT,
                settings.pollInterval(), settings.claimMinIdle(), settings.pollInterval(),
                new StreamConsumer.Backoff(settings.pollInterval(), settings.maxBackoff()), null), this::handle,
                StreamConsumer.Observer.NONE);
    }

    @Override
    public void start() {
        consumer.start();
    }

    @Override
    public void stop() {
        consumer.stop();
    }

    @Override
    public boolean isRunning() {
        return consumer.isRunning();
    }

    /** Before the stream consumers stop, after Redis and the database are up. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    private void handle(List<StreamEntry> entries, StreamHandler.Outcomes outcomes) {
        for (StreamEntry entry : entries) {
            if (!entry.deleted()) {
                // Deleted entries were deleted by the last service to finish: nothing left to do.
                erase(entry, outcomes);
            }
            outcomes.done(entry);
        }
    }

    private void erase(StreamEntry entry, StreamHandler.Outcomes outcomes) {
        UserDeletion deletion;
        try {
            deletion = UserDeletion.fromFields(entry.fields());
        } catch (ContractViolation e) {
            outcomes.reject(entry, e.getMessage());
            return;
        }
        eraser.erase(deletion);
        String statusKey = deletion.statusKey();
        redis.opsForHash().put(statusKey, service, clock.instant().toString());
        redis.expire(statusKey, UserDeletion.STATUS_TTL);
        log.info("Erased user {} in {} (erasure {})", deletion.userId(), service, deletion.erasureId());
        Map<Object, Object> status = redis.opsForHash().entries(statusKey);
        if (UserDeletion.SERVICES.stream().allMatch(status::containsKey)) {
            // Everybody is done: the entry would only keep the user id around. Deleted before
            // the acknowledgement, it comes back without fields if that fails: done then.
            redis.opsForStream().delete(STREAM, entry.id());
        }
    }
}
