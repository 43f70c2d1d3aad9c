package io.behavioralbiometrics.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.stream.RedisStreamConnections;
import io.behavioralbiometrics.testsupport.RealServers;
import io.behavioralbiometrics.testsupport.RedisEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The erasure consumer against real Redis. */
class UserDeletionConsumerTests {

    private static LettuceConnectionFactory connections;
    private static StringRedisTemplate redis;
    private static RedisStreamConnections streams;

    @BeforeAll
    static void connect() {
        RedisEndpoint endpoint = RealServers.get().redis();
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(endpoint.host(), endpoint.port()));
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
        streams = new RedisStreamConnections(connections);
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @Test
    void consumerStoppedAndStartedAgainShouldKeepErasing() {
        // Spring stops and restarts the lifecycle beans of a paused, then reused, test context.
        Set<UUID> erased = ConcurrentHashMap.newKeySet();
        String group = "restart-test-" + UUID.randomUUID();
        UserDeletionConsumer consumer = new UserDeletionConsumer(streams, redis, UserDeletion.RISK_ENGINE, group, "replica",
                deletion -> erased.add(deletion.userId()),
                new UserDeletionConsumer.Settings(Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ofSeconds(1)));
        try {
            consumer.start();
            UUID first = announce();
            await().atMost(Duration.ofSeconds(30)).until(() -> erased.contains(first));

            consumer.stop();
            assertThat(consumer.isRunning()).isFalse();
            consumer.start();

            assertThat(consumer.isRunning()).isTrue();
            UUID second = announce();
            await().atMost(Duration.ofSeconds(30)).until(() -> erased.contains(second));
        } finally {
            consumer.stop();
        }
    }

    @Test
    void stoppedConsumerShouldEraseNothing() throws InterruptedException {
        Set<UUID> erased = ConcurrentHashMap.newKeySet();
        UserDeletionConsumer consumer = new UserDeletionConsumer(streams, redis, UserDeletion.RISK_ENGINE,
                "stopped-test-" + UUID.randomUUID(), "replica", deletion -> erased.add(deletion.userId()),
                new UserDeletionConsumer.Settings(Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ofSeconds(1)));
        consumer.start();
        consumer.stop();

        UUID user = announce();
        Thread.sleep(1000);

        assertThat(erased).doesNotContain(user);
    }

    private static UUID announce() {
        UUID userId = UUID.randomUUID();
        UserDeletion deletion = new UserDeletion(userId, UUID.randomUUID(), Instant.now(), UserDeletion.RequestedBy.SELF);
        redis.opsForStream().add(MapRecord.create(BusNames.USER_DELETED_STREAM, deletion.toFields()));
        return userId;
    }
}
