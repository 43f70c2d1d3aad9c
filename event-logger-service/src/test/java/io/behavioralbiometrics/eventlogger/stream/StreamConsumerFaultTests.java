package io.behavioralbiometrics.eventlogger.stream;

import static io.behavioralbiometrics.eventlogger.stream.StreamTestSupport.distinctEvents;
import static io.behavioralbiometrics.eventlogger.stream.StreamTestSupport.pending;
import static io.behavioralbiometrics.eventlogger.stream.StreamTestSupport.rows;
import static io.behavioralbiometrics.eventlogger.stream.StreamTestSupport.settings;
import static io.behavioralbiometrics.eventlogger.stream.StreamTestSupport.xadd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.behavioralbiometrics.core.stream.RedisStreamConnections;
import io.behavioralbiometrics.core.stream.StreamConsumer;
import io.behavioralbiometrics.eventlogger.EventLoggerIntegrationTest;
import io.behavioralbiometrics.eventlogger.EventLoggerProperties;
import io.behavioralbiometrics.eventlogger.TestBatches;
import io.behavioralbiometrics.testsupport.EmbeddedPostgresServer;
import io.behavioralbiometrics.testsupport.EmbeddedRedisServer;
import io.behavioralbiometrics.testsupport.RealServers;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

@EventLoggerIntegrationTest
class StreamConsumerFaultTests {

    /** Thrown by the test hook: the process "dies" after the commit, before the acknowledgement. */
    static final class Killed extends Error {
        Killed() {
            super("killed between commit and XACK", null, false, false);
        }
    }

    @Autowired
    StreamConsumers consumers;

    @Autowired
    RedisStreamConnections redisStreams;

    @Autowired
    LettuceConnectionFactory connectionFactory;

    @Autowired
    JdbcTemplate jdbc;

    @Value("${local.management.port}")
    int managementPort;

    @Autowired
    @Qualifier("consumersHealthIndicator")
    HealthIndicator replicaConsumers;

    RedisClusterCommands<String, String> redis;
    final List<StreamConsumer> started = new ArrayList<>();

    @BeforeEach
    void connect() {
        redis = redisStreams.shared();
    }

    @AfterEach
    void stopConsumers() {
        started.forEach(StreamConsumer::stop);
        RealServers.get().embeddedPostgres().ifPresent(EmbeddedPostgresServer::start);
    }

    StreamConsumer start(EventLoggerProperties.Consumer settings, String name) {
        StreamConsumer consumer = consumers.create(settings, name);
        started.add(consumer);
        consumer.start();
        return consumer;
    }

    @Test
    void noEventShouldBeLostOrDuplicatedAcrossStopRestartAndAKillBetweenCommitAndAck() {
        String stream = StreamTestSupport.newStream();
        // Claiming is off (long min-idle): the restarted consumer must find its own pending entries.
        EventLoggerProperties.Consumer settings = settings(stream, Duration.ofHours(1));
        List<UUID> users = List.of(UUID.randomUUID(), UUID.randomUUID());
        int entries = 420; // x 50 events = 21,000
        AtomicInteger next = new AtomicInteger();
        Runnable produceThird = () -> {
            for (int i = 0; i < entries / 3; i++) {
                int seq = next.getAndIncrement();
                xadd(redis, stream, TestBatches.batch(users.get(seq % 2), new UUID(seq % 2, 7), seq, 50));
            }
        };

        produceThird.run();
        StreamConsumer first = start(settings, "stable-name");
        await().atMost(Duration.ofSeconds(60)).until(() -> rows(jdbc, users) >= 1000);
        first.stop();

        produceThird.run(); // while nobody consumes
        AtomicInteger commits = new AtomicInteger();
        StreamConsumer second = consumers.create(settings, "stable-name", () -> {
            if (commits.incrementAndGet() == 2) {
                throw new Killed();
            }
        });
        started.add(second);
        second.start();
        // The Error ends the consumer's thread uncaught, as intended: do not let Awaitility report it.
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60)).until(() -> !second.isRunning());
        assertThat(pending(redis, stream)).as("the chunk committed but never acknowledged").isPositive();

        produceThird.run();
        long restarted = System.nanoTime();
        long before = rows(jdbc, users);
        start(settings, "stable-name");

        await().atMost(Duration.ofSeconds(120)).until(() -> rows(jdbc, users) >= 21_000 && pending(redis, stream) == 0);
        double seconds = (System.nanoTime() - restarted) / 1e9;
        System.out.printf("one consumer stored %d events in %.1f s (%.0f rows/s)%n", 21_000 - before, seconds,
                (21_000 - before) / seconds);
        assertThat(rows(jdbc, users)).isEqualTo(21_000);
        assertThat(distinctEvents(jdbc, users)).isEqualTo(21_000);
    }

    @Test
    void aConsumerStartedWhileRedisIsUnreachableShouldConsumeOnceItIsBack() {
        Optional<EmbeddedRedisServer> redisServer = RealServers.get().embeddedRedis();
        assumeTrue(redisServer.isPresent(), "needs the embedded Redis to stop it; skipped with "
                + RealServers.get().mode() + " servers");
        String stream = StreamTestSupport.newStream();
        UUID user = UUID.randomUUID();
        StreamConsumer consumer;
        redisServer.get().stop();
        try {
            consumer = start(settings(stream, Duration.ofHours(1)), "started-before-redis");
            // Several connection attempts, and it keeps trying.
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
            assertThat(consumer.isRunning()).isTrue();
        } finally {
            redisServer.get().start();
        }
        xadd(redisStreams.shared(), stream, TestBatches.batch(user, UUID.randomUUID(), 0, 10));
        await().atMost(Duration.ofSeconds(60)).until(() -> rows(jdbc, List.of(user)) == 10);
        assertThat(consumer.isRunning()).isTrue();
    }

    @Test
    void whilePostgresIsDownNothingShouldBeAcknowledgedAndEverythingStoredOnceAfterwards() {
        Optional<EmbeddedPostgresServer> postgres = RealServers.get().embeddedPostgres();
        assumeTrue(postgres.isPresent(), "needs the embedded PostgreSQL to stop it; skipped with "
                + RealServers.get().mode() + " servers");
        String stream = StreamTestSupport.newStream();
        UUID user = UUID.randomUUID();
        start(settings(stream, Duration.ofHours(1)), "outage-test");
        xadd(redis, stream, TestBatches.batch(user, UUID.randomUUID(), 0, 10));
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(jdbc, List.of(user)) == 10 && pending(redis, stream) == 0);

        postgres.get().stop();
        try {
            // In one MULTI, so the waiting consumer gets all 20 in one read.
            var client = (io.lettuce.core.RedisClient) connectionFactory.getRequiredNativeClient();
            try (var connection = client.connect(io.lettuce.core.codec.StringCodec.UTF8)) {
                RedisCommands<String, String> transaction = connection.sync();
                transaction.multi();
                for (int seq = 1; seq <= 20; seq++) {
                    xadd(transaction, stream, TestBatches.batch(user, UUID.randomUUID(), seq, 25));
                }
                assertThat(transaction.exec().wasDiscarded()).isFalse();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> pending(redis, stream) == 20);
            assertThat(healthStatus("readiness")).isEqualTo(503);
            // Several failed attempts later, still nothing acknowledged.
            await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(20)).until(() -> true);
            assertThat(pending(redis, stream)).isEqualTo(20);
        } finally {
            postgres.get().start();
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> pending(redis, stream) == 0);
        assertThat(rows(jdbc, List.of(user))).isEqualTo(510);
        assertThat(distinctEvents(jdbc, List.of(user))).isEqualTo(510);
        await().atMost(Duration.ofSeconds(30)).until(() -> healthStatus("readiness") == 200);
    }

    @Test
    void livenessShouldWatchTheReplicasOwnConsumers() {
        Health health = replicaConsumers.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).as("consumer.threads consumers").hasSize(2).allSatisfy(
                (name, state) -> assertThat(((Map<?, ?>) state).get("state")).isEqualTo("running"));
        assertThat(healthStatus("liveness")).isEqualTo(200);
    }

    @Test
    void livenessShouldGoDownWhileAConsumerIsStuckInAChunkAndWhenOneDied() {
        String stream = StreamTestSupport.newStream();
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean kill = new AtomicBoolean();
        StreamConsumer consumer = consumers.create(settings(stream, Duration.ofHours(1)), "watched", () -> {
            if (kill.get()) {
                throw new Killed();
            }
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        started.add(consumer);
        consumer.start();
        ConsumersHealthIndicator liveness = new ConsumersHealthIndicator(() -> List.of(consumer), Duration.ofSeconds(2));
        assertThat(liveness.health().getStatus()).isEqualTo(Status.UP);

        xadd(redis, stream, TestBatches.batch(UUID.randomUUID(), UUID.randomUUID(), 0, 5));
        await().atMost(Duration.ofSeconds(30)).until(() -> Status.DOWN.equals(liveness.health().getStatus()));
        assertThat(state(liveness.health(), "watched")).isEqualTo("stalled");

        release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> Status.UP.equals(liveness.health().getStatus()));

        kill.set(true);
        xadd(redis, stream, TestBatches.batch(UUID.randomUUID(), UUID.randomUUID(), 0, 5));
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> !consumer.isRunning());
        Health dead = liveness.health();
        assertThat(dead.getStatus()).isEqualTo(Status.DOWN);
        assertThat(state(dead, "watched")).isEqualTo("stopped");
    }

    private static Object state(Health health, String consumer) {
        return ((Map<?, ?>) health.getDetails().get(consumer)).get("state");
    }

    private int healthStatus(String group) {
        return RestClient.create("http://localhost:" + managementPort).get().uri("/actuator/health/" + group)
                .exchange((request, response) -> response.getStatusCode().value());
    }
}
