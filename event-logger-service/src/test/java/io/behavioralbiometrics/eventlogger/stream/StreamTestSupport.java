package io.behavioralbiometrics.eventlogger.stream;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.eventlogger.EventLoggerProperties;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Stream and table helpers shared by the consumer tests; each test uses a stream of its own. */
final class StreamTestSupport {

    static final EventCodec CODEC = new EventCodec();

    private StreamTestSupport() {
    }

    static String newStream() {
        return "test:events:" + UUID.randomUUID();
    }

    /** Short timings so the tests are quick; claims only after {@code claimMinIdle}. */
    static EventLoggerProperties.Consumer settings(String stream, Duration claimMinIdle) {
        return new EventLoggerProperties.Consumer(true, stream, stream + ":dead", 10_000, BusNames.EVENT_LOGGER_GROUP,
                null, 100, Duration.ofMillis(200), claimMinIdle, Duration.ofMillis(300), Duration.ofSeconds(15),
                new EventLoggerProperties.Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)), 1, Duration.ofMinutes(5));
    }

    /** Exactly what the ingestor does: the contract's fields, one XADD. */
    static String xadd(RedisClusterCommands<String, String> redis, String stream, IngestedBatch batch) {
        return redis.xadd(stream, batch.toFields(CODEC));
    }

    static long rows(JdbcTemplate jdbc, List<UUID> users) {
        Long count = jdbc.queryForObject("select count(*) from events.behavioral_events where user_id = any(?)",
                Long.class, (Object) users.toArray(UUID[]::new));
        return count == null ? 0 : count;
    }

    static long distinctEvents(JdbcTemplate jdbc, List<UUID> users) {
        Long count = jdbc.queryForObject("""
                select count(distinct (user_id, session_id, batch_seq, idx))
                from events.behavioral_events where user_id = any(?)""", Long.class, (Object) users.toArray(UUID[]::new));
        return count == null ? 0 : count;
    }

    static long pending(RedisClusterCommands<String, String> redis, String stream) {
        return redis.xpending(stream, BusNames.EVENT_LOGGER_GROUP).getCount();
    }
}
