package io.behavioralbiometrics.ingestor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.event.ServerFrame;
import io.behavioralbiometrics.testsupport.RealServers;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * With the event logger down the event stream only grows. The ingestor refuses batches as
 * {@code unavailable} (the SDK keeps and re-sends them) before Redis is full, and accepts them
 * again once the backlog drains; erasure stays writable meanwhile.
 */
@TestPropertySource(properties = "bb.ingest.backlog.check-interval=100ms")
class BacklogGuardTests extends IngestIntegrationTest {

    @Autowired
    MeterRegistry meters;

    /** Room left in the stream when this context starts; the tests fill it. */
    private static final int ROOM = 300;

    @DynamicPropertySource
    static void streamBound(DynamicPropertyRegistry registry) {
        registry.add("bb.ingest.backlog.max-stream-entries", () -> currentStreamLength() + ROOM);
    }

    private static long currentStreamLength() {
        RedisClient client = RedisClient.create(RealServers.get().redis().url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().xlen(BusNames.EVENTS_STREAM);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aFullStreamShouldRefuseBatchesAsUnavailableUntilTheBacklogDrains() {
        UUID session = UUID.randomUUID();
        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(UUID.randomUUID()))) {
            assertThat(client.request(Frames.json(Frames.batch(session, 1, 2)), 1)).isEqualTo(new ServerFrame.Ack(1));

            // The event logger is down: the stream fills up to the bound.
            List<RecordId> fillers = IntStream.range(0, ROOM)
                    .mapToObj(i -> redis.opsForStream().add(StreamRecords.string(Map.of("filler", "backlog-test"))
                            .withStreamKey(BusNames.EVENTS_STREAM)))
                    .toList();

            // Wait for the guard's next check rather than re-sending: each batch accepted
            // before it would be a second copy in the stream.
            await().atMost(IngestClient.TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> gauge("bb.ingest.backlog.refusing") == 1);
            ServerFrame refused = client.request(Frames.json(Frames.batch(session, 2, 2)), 2);
            assertThat(refused).isInstanceOfSatisfying(ServerFrame.Error.class, error -> {
                assertThat(error.code()).isEqualTo("unavailable");
                assertThat(error.message()).contains("entries wait for the event logger");
            });

            // The event logger catches up and trims what it stored.
            redis.opsForStream().delete(BusNames.EVENTS_STREAM, fillers.toArray(RecordId[]::new));
            await().atMost(IngestClient.TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> gauge("bb.ingest.backlog.refusing") == 0);
            assertThat(client.request(Frames.json(Frames.batch(session, 2, 2)), 2)).isEqualTo(new ServerFrame.Ack(2));
        }
        assertThat(storedBatches(session)).extracting(batch -> batch.seq()).containsExactly(1L, 2L);
    }

    @Test
    void redisNearItsMemoryLimitShouldRefuseBatchesWhileErasureStaysWritable() {
        UUID session = UUID.randomUUID();
        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(UUID.randomUUID()))) {
            assertThat(client.request(Frames.json(Frames.batch(session, 1, 2)), 1)).isEqualTo(new ServerFrame.Ack(1));
            try {
                // Used memory is now 95% of the limit: inside the 10% headroom kept for everything but ingest.
                long used = Long.parseLong(memoryInfo().getProperty("used_memory").trim());
                setMaxMemory(used * 100 / 95);

                // Wait for the guard's next check rather than re-sending: each batch accepted
                // before it would be a second copy in the stream.
                await().atMost(IngestClient.TIMEOUT).pollInterval(Duration.ofMillis(100))
                        .until(() -> gauge("bb.ingest.backlog.refusing") == 1);
                ServerFrame refused = client.request(Frames.json(Frames.batch(session, 2, 2)), 2);
                assertThat(refused).isInstanceOfSatisfying(ServerFrame.Error.class, error -> {
                    assertThat(error.code()).isEqualTo("unavailable");
                    assertThat(error.message()).contains("nearly full");
                });
                // An erasure request still gets through: its tombstone and its stream entry.
                String tombstone = BusNames.DELETED_USER_PREFIX + UUID.randomUUID();
                redis.opsForValue().set(tombstone, "1", Duration.ofMinutes(1));
                RecordId deletion = redis.opsForStream().add(StreamRecords.string(Map.of("userId", "backlog-test"))
                        .withStreamKey("bb:backlog-test:user-deleted"));
                assertThat(redis.hasKey(tombstone)).isTrue();
                assertThat(deletion).isNotNull();
                redis.delete(List.of(tombstone, "bb:backlog-test:user-deleted"));
            } finally {
                setMaxMemory(0);
            }
            await().atMost(IngestClient.TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> gauge("bb.ingest.backlog.refusing") == 0);
            assertThat(client.request(Frames.json(Frames.batch(session, 2, 2)), 2)).isEqualTo(new ServerFrame.Ack(2));
        }
        assertThat(storedBatches(session)).extracting(batch -> batch.seq()).containsExactly(1L, 2L);
    }

    private Properties memoryInfo() {
        return redis.execute((RedisCallback<Properties>) connection -> connection.serverCommands().info("memory"));
    }

    private void setMaxMemory(long bytes) {
        redis.execute((RedisCallback<Void>) (RedisConnection connection) -> {
            connection.serverCommands().setConfig("maxmemory", Long.toString(bytes));
            return null;
        });
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }
}
