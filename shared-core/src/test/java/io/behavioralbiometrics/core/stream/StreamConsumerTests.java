package io.behavioralbiometrics.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.testsupport.RealServers;
import io.behavioralbiometrics.testsupport.RedisEndpoint;
import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** The shared consumer loop against real Redis: what every service's consumers rely on. */
class StreamConsumerTests {

    private static final StreamConsumer.Backoff FAST = new StreamConsumer.Backoff(Duration.ofMillis(50),
            Duration.ofMillis(200));

    private static LettuceConnectionFactory factory;
    private static RedisStreamConnections connections;
    private static RedisClusterCommands<String, String> redis;

    private final List<StreamConsumer> started = new ArrayList<>();
    private final String stream = "test:consumer:" + UUID.randomUUID();

    @BeforeAll
    static void connect() {
        RedisEndpoint endpoint = RealServers.get().redis();
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(endpoint.host(), endpoint.port()));
        factory.afterPropertiesSet();
        factory.start();
        connections = new RedisStreamConnections(factory);
        redis = connections.shared();
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
        factory.destroy();
    }

    @AfterEach
    void stopConsumers() {
        started.forEach(StreamConsumer::stop);
    }

    @Test
    void memberShouldHandleEveryEntryOnceThenAcknowledgeIt() {
        List<String> ids = add(5);
        List<String> handled = new CopyOnWriteArrayList<>();

        start(group("a", null), (entries, outcomes) -> entries.forEach(entry -> handled.add(entry.id())));

        await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 5 && pending() == 0);
        assertThat(handled).containsExactlyElementsOf(ids);
    }

    @Test
    void failureShouldAcknowledgeWhatWasDoneAndDeliverTheRestAgain() {
        List<String> ids = add(4);
        Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();
        AtomicBoolean failedOnce = new AtomicBoolean();

        start(group("a", null), (entries, outcomes) -> {
            for (StreamEntry entry : entries) {
                if (entry.id().equals(ids.get(2)) && failedOnce.compareAndSet(false, true)) {
                    throw new IllegalStateException("database away");
                }
                effects.computeIfAbsent(entry.id(), id -> new AtomicInteger()).incrementAndGet();
                outcomes.done(entry);
            }
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> effects.size() == 4 && pending() == 0);
        assertThat(failedOnce).isTrue();
        assertThat(effects.values()).as("the entries done before the failure were not handled again")
                .allSatisfy(count -> assertThat(count.get()).isOne());
    }

    @Test
    void rejectedEntriesShouldMoveToTheDeadLetterStreamAndTheOthersStay() {
        String good = redis.xadd(stream, Map.of("value", "good"));
        String bad = redis.xadd(stream, Map.of("value", "bad"));
        String deadLetters = stream + ":dead";
        List<String> handled = new CopyOnWriteArrayList<>();

        start(group("a", new StreamConsumer.DeadLetters(deadLetters, 1000)), (entries, outcomes) -> {
            for (StreamEntry entry : entries) {
                if ("bad".equals(entry.fields().get("value"))) {
                    outcomes.reject(entry, "unreadable: test");
                } else {
                    handled.add(entry.id());
                }
            }
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> redis.xlen(deadLetters) == 1 && pending() == 0);
        assertThat(handled).containsExactly(good);
        Map<String, String> letter = redis.xrange(deadLetters, io.lettuce.core.Range.unbounded()).getFirst().getBody();
        assertThat(letter).containsEntry("originalId", bad).containsEntry("reason", "unreadable: test")
                .containsEntry("consumer", "a").containsEntry("original.value", "bad");
    }

    @Test
    void memberShouldTakeOverWhatADeadMemberLeftPending() {
        List<String> ids = add(3);
        redis.xgroupCreate(StreamOffset.from(stream, "0"), "g", XGroupCreateArgs.Builder.mkstream());
        List<StreamMessage<String, String>> taken = redis.xreadgroup(Consumer.from("g", "dead"),
                XReadArgs.Builder.count(10), StreamOffset.lastConsumed(stream));
        assertThat(taken).hasSize(3);
        List<String> handled = new CopyOnWriteArrayList<>();
        AtomicInteger claimed = new AtomicInteger();

        start(new StreamConsumer.Group(stream, "g", "alive", "0", 10, Duration.ofMillis(200), Duration.ofMillis(300),
                Duration.ofMillis(200), FAST, null), (entries, outcomes) -> entries.forEach(e -> handled.add(e.id())),
                new StreamConsumer.Observer() {
                    @Override
                    public void claimed(int entries) {
                        claimed.addAndGet(entries);
                    }
                });

        await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 3 && pending() == 0);
        assertThat(handled).containsExactlyElementsOf(ids);
        assertThat(claimed).hasValue(3);
    }

    @Test
    void cleanStopWithNothingPendingShouldLeaveTheGroup() {
        add(1);
        AtomicInteger handled = new AtomicInteger();
        StreamConsumer consumer = start(group("leaving", null),
                (entries, outcomes) -> handled.addAndGet(entries.size()));
        await().atMost(Duration.ofSeconds(20)).until(() -> handled.get() == 1 && pending() == 0);
        assertThat(consumer.state().alive()).isTrue();

        consumer.stop();

        assertThat(consumer.isRunning()).isFalse();
        assertThat(redis.xinfoConsumers(stream, "g")).as("members left in the group").isEmpty();
    }

    @Test
    void tailShouldSeeOnlyNewEntriesAndRecheckOnStart() {
        add(2);
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger resumed = new AtomicInteger();
        StreamConsumer tail = StreamConsumer.tail(connections,
                new StreamConsumer.Tail(stream, "tail", 10, Duration.ofMillis(200), FAST), resumed::incrementAndGet,
                (entries, outcomes) -> entries.forEach(e -> seen.add(e.id())));
        started.add(tail);
        tail.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> resumed.get() == 1);

        String fresh = redis.xadd(stream, Map.of("value", "new"));

        await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 1);
        assertThat(seen).containsExactly(fresh);
        assertThat(redis.xinfoGroups(stream)).as("a tail joins no group").isEmpty();
    }

    private StreamConsumer.Group group(String name, StreamConsumer.DeadLetters deadLetters) {
        return new StreamConsumer.Group(stream, "g", name, "0", 10, Duration.ofMillis(200), Duration.ofSeconds(60),
                Duration.ofSeconds(30), FAST, deadLetters);
    }

    private StreamConsumer start(StreamConsumer.Group settings, StreamHandler handler) {
        return start(settings, handler, StreamConsumer.Observer.NONE);
    }

    private StreamConsumer start(StreamConsumer.Group settings, StreamHandler handler,
            StreamConsumer.Observer observer) {
        StreamConsumer consumer = StreamConsumer.member(connections, settings, handler, observer);
        started.add(consumer);
        consumer.start();
        return consumer;
    }

    private List<String> add(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(redis.xadd(stream, Map.of("value", Integer.toString(i))));
        }
        return ids;
    }

    private long pending() {
        try {
            return redis.xpending(stream, "g").getCount();
        } catch (RuntimeException e) {
            return -1; // no group yet
        }
    }
}
