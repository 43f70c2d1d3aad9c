package io.behavioralbiometrics.eventlogger.erasure;

import io.behavioralbiometrics.core.bus.EventStreams;
import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.bus.UserDeletion;
import io.behavioralbiometrics.eventlogger.EventLoggerProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes everything the event logger holds of a user: the stored events, and the user's
 * entries still in the event stream and its dead-letter stream. Safe to repeat.
 * <p>
 * Events of the user may be in flight when the erasure runs (read from the stream, not yet
 * committed). The erasure therefore first records the user in {@code events.erased_users}
 * and takes the user's advisory lock exclusively; a statement trigger on
 * {@code behavioral_events} takes it shared and drops rows of erased users (migration
 * V2_1). Whichever commits first, no row of the user survives: an insert that committed
 * before is deleted here, one that commits after sees the tombstone.
 */
@Component
class EventErasure {

    private static final Logger log = LoggerFactory.getLogger(EventErasure.class);
    /** First key of the two-key advisory locks that serialise a user's erasure with inserts (see V2_1). */
    static final int LOCK_CLASS = 20_251;
    /** Names the user, so it touches that user's partition only. */
    static final String DELETE_EVENTS = "delete from events.behavioral_events where user_id = :id";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final StringRedisTemplate redis;
    private final EventLoggerProperties.Consumer streams;
    private final ErasureProperties settings;
    private final EventStreams shards;

    EventErasure(JdbcClient jdbc, TransactionTemplate transactions, StringRedisTemplate redis,
            EventLoggerProperties properties, ErasureProperties settings, EventStreams shards) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.redis = redis;
        this.streams = properties.consumer();
        this.settings = settings;
        this.shards = shards;
    }

    void erase(UserDeletion deletion) {
        UUID userId = deletion.userId();
        Integer rows = transactions.execute(status -> {
            jdbc.sql("""
                    insert into events.erased_users (user_id, erased_at) values (:id, now())
                    on conflict (user_id) do update set erased_at = excluded.erased_at""")
                    .param("id", userId).update();
            jdbc.sql("select pg_advisory_xact_lock(:class, hashtext(:id))")
                    .param("class", LOCK_CLASS).param("id", userId.toString()).query().singleValue();
            return jdbc.sql(DELETE_EVENTS).param("id", userId).update();
        });
        // Every shard, not only the user's: entries written before a change of the shard
        // count sit in the user's former shard.
        long entries = 0;
        for (String shard : shards.keys(streams.stream())) {
            entries += deleteEntries(shard, IngestedBatch.USER_ID, userId);
        }
        long deadLetters = deleteEntries(streams.deadLetterStream(), "original." + IngestedBatch.USER_ID, userId);
        log.info("Erased user {}: {} stored events, {} stream entries, {} dead letters", userId, rows, entries,
                deadLetters);
        forgetOldTombstones();
    }

    /** Deletes the entries of {@code stream} whose {@code field} is the user, scanning it in chunks. */
    private long deleteEntries(String stream, String field, UUID userId) {
        String user = userId.toString();
        long deleted = 0;
        Range<String> range = Range.unbounded();
        while (true) {
            List<MapRecord<String, Object, Object>> chunk = redis.opsForStream().range(stream, range,
                    Limit.limit().count(settings.scanChunk()));
            if (chunk == null || chunk.isEmpty()) {
                return deleted;
            }
            List<RecordId> matching = new ArrayList<>();
            for (MapRecord<String, Object, Object> entry : chunk) {
                if (user.equals(entry.getValue().get(field))) {
                    matching.add(entry.getId());
                }
            }
            if (!matching.isEmpty()) {
                Long count = redis.opsForStream().delete(stream, matching.toArray(RecordId[]::new));
                deleted += count == null ? 0 : count;
            }
            if (chunk.size() < settings.scanChunk()) {
                return deleted;
            }
            range = Range.of(Range.Bound.exclusive(chunk.getLast().getId().getValue()), Range.Bound.unbounded());
        }
    }

    private void forgetOldTombstones() {
        int forgotten = jdbc.sql("delete from events.erased_users where erased_at < now() - make_interval(secs => :secs)")
                .param("secs", (double) settings.tombstoneTtl().toSeconds()).update();
        if (forgotten > 0) {
            log.info("Forgot {} erased users older than {}", forgotten, settings.tombstoneTtl());
        }
    }

}
