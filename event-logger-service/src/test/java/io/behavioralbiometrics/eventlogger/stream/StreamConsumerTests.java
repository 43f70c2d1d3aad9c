package io.behavioralbiometrics.eventlogger.stream;

import static io.behavioralbiometrics.eventlogger.stream.StreamTestSupport.distinctEvents;
import static io.behavioralbiometrics.eventlogger.stream.StreamTestSupport.pending;
import static io.behavioralbiometrics.eventlogger.stream.StreamTestSupport.rows;
import static io.behavioralbiometrics.eventlogger.stream.StreamTestSupport.settings;
import static io.behavioralbiometrics.eventlogger.stream.StreamTestSupport.xadd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.stream.RedisStreamConnections;
import io.behavioralbiometrics.core.stream.StreamConsumer;
import io.behavioralbiometrics.eventlogger.EventLoggerIntegrationTest;
import io.behavioralbiometrics.eventlogger.EventLoggerProperties;
import io.behavioralbiometrics.eventlogger.TestBatches;
import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

@EventLoggerIntegrationTest
class StreamConsumerTests {

    @Autowired
    StreamConsumers consumers;

    @Autowired
    RedisStreamConnections redisStreams;

    @Autowired
    JdbcTemplate jdbc;

    RedisClusterCommands<String, String> redis;
    final List<StreamConsumer> started = new ArrayList<>();

    @BeforeEach
    void connect() {
        redis = redisStreams.shared();
    }

    @AfterEach
    void stopConsumers() {
        started.forEach(StreamConsumer::stop);
    }

    StreamConsumer start(EventLoggerProperties.Consumer settings, String name) {
        StreamConsumer consumer = consumers.create(settings, name);
        started.add(consumer);
        consumer.start();
        return consumer;
    }

    @Test
    void entriesOnTheEventsStreamShouldBeStoredOnceWithEveryField() {
        // The application's own consumer reads bb:events.
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        List<IngestedBatch> batches = List.of(TestBatches.batch(user, session, 0, 14),
                TestBatches.batch(user, session, 1, 7), TestBatches.batch(user, session, 2, 1));
        for (IngestedBatch batch : batches) {
            xadd(redis, BusNames.EVENTS_STREAM, batch);
        }
        String resentId = xadd(redis, BusNames.EVENTS_STREAM, batches.get(1));

        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged(BusNames.EVENTS_STREAM, resentId));
        List<Map<String, Object>> stored = jdbc.queryForList("""
                select * from events.behavioral_events where user_id = ? order by batch_seq, idx""", user);
        assertThat(stored).hasSize(22);
        int row = 0;
        for (IngestedBatch batch : batches) {
            for (int i = 0; i < batch.events().size(); i++) {
                Map<String, Object> column = stored.get(row++);
                BehavioralEvent event = batch.events().get(i);
                assertThat(column.get("user_id")).isEqualTo(user);
                assertThat(column.get("session_id")).isEqualTo(session);
                assertThat(column.get("batch_seq")).isEqualTo(batch.seq());
                assertThat(column.get("idx")).isEqualTo(i);
                assertThat(column.get("event_type")).isEqualTo(event.type().wireName());
                assertThat(column.get("client_time")).isEqualTo(event.t());
                assertThat(column.get("x")).isEqualTo(event.x());
                assertThat(column.get("y")).isEqualTo(event.y());
                assertThat(column.get("button")).isEqualTo(event.button()); // smallint reads as Integer
                assertThat(column.get("dy")).isEqualTo(event.dy());
                assertThat(column.get("code")).isEqualTo(event.code());
                assertThat(((Timestamp) column.get("received_at")).toInstant()).isEqualTo(batch.receivedAt());
                assertThat(column.get("stored_at")).isNotNull();
            }
        }
    }

    /** Delivered to the group and no longer pending. */
    private boolean acknowledged(String stream, String id) {
        List<StreamMessage<String, String>> after = redis.xrange(stream, io.lettuce.core.Range.create(id, id));
        assertThat(after).isNotEmpty();
        String lastDelivered = redis.xinfoGroups(stream).stream().map(group -> (List<?>) group)
                .filter(group -> group.contains(BusNames.EVENT_LOGGER_GROUP))
                .map(group -> String.valueOf(group.get(group.indexOf("last-delivered-id") + 1)))
                .findFirst().orElse("0-0");
        return StreamTrimmer.StreamId.parse(lastDelivered).compareTo(StreamTrimmer.StreamId.parse(id)) >= 0
                && pending(redis, stream) == 0;
    }

    @Test
    void poisonEntryShouldBeDeadLetteredAckedAndNotBlockTheOthers() {
        String stream = StreamTestSupport.newStream();
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        xadd(redis, stream, TestBatches.batch(user, session, 0, 5));
        Map<String, String> poison = new LinkedHashMap<>(TestBatches.batch(user, session, 1, 3)
                .toFields(StreamTestSupport.CODEC));
        poison.put(IngestedBatch.EVENTS, "[{\"type\":\"mousemove\",\"t\":1.5,\"x\":\"NaN\",\"y\":2}]");
        String poisonId = redis.xadd(stream, poison);
        String missingId = redis.xadd(stream, Map.of(IngestedBatch.USER_ID, user.toString()));
        xadd(redis, stream, TestBatches.batch(user, session, 2, 4));

        start(settings(stream, Duration.ofMinutes(5)), "poison-test");

        await().atMost(Duration.ofSeconds(30)).until(() -> rows(jdbc, List.of(user)) == 9 && redis.xlen(stream + ":dead") == 2
                && pending(redis, stream) == 0);
        List<StreamMessage<String, String>> dead = redis.xrange(stream + ":dead", io.lettuce.core.Range.create("-", "+"));
        assertThat(dead).extracting(message -> message.getBody().get("originalId")).containsExactly(poisonId, missingId);
        assertThat(dead.get(0).getBody().get("reason")).isEqualTo("invalid_frame: events[0].x: must be a finite number");
        assertThat(dead.get(0).getBody().get("original.events")).isEqualTo(poison.get(IngestedBatch.EVENTS));
        assertThat(dead.get(1).getBody().get("reason")).isEqualTo("invalid_frame: sessionId: is required");
        assertThat(jdbc.queryForList("select batch_seq from events.behavioral_events where user_id = ? group by batch_seq"
                + " order by batch_seq", Long.class, user)).containsExactly(0L, 2L);
    }

    @Test
    void pendingEntriesOfADeadConsumerShouldBeClaimedAfterMinIdle() {
        String stream = StreamTestSupport.newStream();
        UUID user = UUID.randomUUID();
        redis.xgroupCreate(StreamOffset.from(stream, "0"), BusNames.EVENT_LOGGER_GROUP, XGroupCreateArgs.Builder.mkstream());
        for (int seq = 0; seq < 5; seq++) {
            xadd(redis, stream, TestBatches.batch(user, UUID.randomUUID(), seq, 10));
        }
        // A consumer that read the entries and died before acknowledging them.
        List<StreamMessage<String, String>> taken = redis.xreadgroup(Consumer.from(BusNames.EVENT_LOGGER_GROUP, "dead"),
                XReadArgs.Builder.count(100), StreamOffset.lastConsumed(stream));
        assertThat(taken).hasSize(5);

        start(settings(stream, Duration.ofSeconds(1)), "survivor");

        await().atMost(Duration.ofSeconds(30)).until(() -> rows(jdbc, List.of(user)) == 50 && pending(redis, stream) == 0);
        assertThat(distinctEvents(jdbc, List.of(user))).isEqualTo(50);
    }

    @Test
    void twoConsumersShouldShareTwentyThousandEventsWithoutLossOrDuplicates() throws InterruptedException {
        String stream = StreamTestSupport.newStream();
        EventLoggerProperties.Consumer settings = settings(stream, Duration.ofMinutes(5));
        Map<String, AtomicInteger> chunks = new ConcurrentHashMap<>();
        for (String name : List.of("replica-a", "replica-b")) {
            StreamConsumer consumer = consumers.create(settings, name,
                    () -> chunks.computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet());
            started.add(consumer);
            consumer.start();
        }
        List<UUID> users = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        await().atMost(Duration.ofSeconds(30)).until(() -> consumerCount(stream) == 2);

        long started = System.nanoTime();
        for (int seq = 0; seq < 400; seq++) {
            xadd(redis, stream, TestBatches.batch(users.get(seq % 4), UUID.nameUUIDFromBytes(new byte[] {(byte) (seq % 4)}),
                    seq, 50));
            if (seq % 50 == 49) {
                Thread.sleep(50); // let both readers block again, as under a steady stream
            }
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> rows(jdbc, users) >= 20_000 && pending(redis, stream) == 0);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("two consumers stored 20000 events in %.1f s (%.0f rows/s)%n", seconds, 20_000 / seconds);
        assertThat(rows(jdbc, users)).isEqualTo(20_000);
        assertThat(distinctEvents(jdbc, users)).isEqualTo(20_000);
        assertThat(chunks).containsOnlyKeys("replica-a", "replica-b");
    }

    private long consumerCount(String stream) {
        try {
            return redis.xinfoConsumers(stream, BusNames.EVENT_LOGGER_GROUP).size();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
