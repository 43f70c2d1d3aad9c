package io.behavioralbiometrics.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.testsupport.RealServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live side of the risk engine as the tests see it, on the real Redis: adds batches to
 * {@code bb:events} as the ingestor would, hears {@code bb:risk}, and checks how far the
 * {@code risk-engine} group got.
 */
final class LiveStream implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StringRedisTemplate redis;
    private final EventCodec codec;
    private final BlockingQueue<String> riskMessages = new LinkedBlockingQueue<>();
    private final RedisClient client;
    private final StatefulRedisPubSubConnection<String, String> subscription;

    /** Subscribes to the risk channel and waits until the consumer has created its group. */
    LiveStream(StringRedisTemplate redis, EventCodec codec) {
        this.redis = redis;
        this.codec = codec;
        var endpoint = RealServers.get().redis();
        client = RedisClient.create(RedisURI.create(endpoint.host(), endpoint.port()));
        subscription = client.connectPubSub();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                riskMessages.add(message);
            }
        });
        subscription.sync().subscribe(BusNames.RISK_CHANNEL);
        // The consumer creates its group from "$" when it starts: wait for it, or a batch would predate it.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> redis.opsForStream()
                .groups(BusNames.EVENTS_STREAM).stream()
                .anyMatch(group -> group.groupName().equals(BusNames.RISK_ENGINE_GROUP)));
    }

    RecordId add(UUID userId, UUID sessionId, long seq, List<BehavioralEvent> events) {
        return add(new IngestedBatch(userId, sessionId, seq, Instant.now(), events).toFields(codec));
    }

    RecordId add(Map<String, String> fields) {
        return redis.opsForStream().add(StreamRecords.string(fields).withStreamKey(BusNames.EVENTS_STREAM));
    }

    long pending() {
        return redis.opsForStream().pending(BusNames.EVENTS_STREAM, BusNames.RISK_ENGINE_GROUP).getTotalPendingMessages();
    }

    /** The group has read past {@code id} and nothing is pending: the entry was handled and acknowledged. */
    void assertHandled(RecordId id) {
        String lastDelivered = redis.opsForStream().groups(BusNames.EVENTS_STREAM).stream()
                .filter(group -> group.groupName().equals(BusNames.RISK_ENGINE_GROUP))
                .findFirst().orElseThrow().lastDeliveredId();
        RecordId last = RecordId.of(lastDelivered);
        Comparator<RecordId> order = Comparator.comparing(RecordId::getTimestamp).thenComparing(RecordId::getSequence);
        assertThat(order.compare(last, id)).as("group delivered up to %s, expected at least %s", last, id)
                .isNotNegative();
        assertThat(pending()).as("pending entries").isZero();
    }

    /** The next update published for {@code sessionId}, skipping other sessions' updates. */
    JsonNode nextRiskUpdateFor(UUID sessionId, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            String message = riskMessages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (message != null) {
                JsonNode update = JSON.readTree(message);
                if (update.path("sessionId").asString().equals(sessionId.toString())) {
                    return update;
                }
            }
        }
        throw new AssertionError("no risk update for session " + sessionId + " within " + within);
    }

    @Override
    public void close() {
        subscription.close();
        client.shutdown();
    }
}
