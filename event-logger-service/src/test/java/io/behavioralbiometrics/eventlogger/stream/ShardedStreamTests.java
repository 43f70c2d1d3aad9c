package io.behavioralbiometrics.eventlogger.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.bus.EventStreams;
import io.behavioralbiometrics.core.stream.RedisStreamConnections;
import io.behavioralbiometrics.core.stream.StreamConsumer;
import io.behavioralbiometrics.eventlogger.EventLoggerIntegrationTest;
import io.behavioralbiometrics.eventlogger.TestBatches;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * A replica on a stream of three shards (its own base key, so it does not meet the other
 * tests' consumers): it runs the configured consumers on every shard, stores each shard's
 * entries once, and trims and watches each shard on its own.
 */
@EventLoggerIntegrationTest
@TestPropertySource(properties = {"bb.streams.shards=3", "bb.event-logger.consumer.stream=" + ShardedStreamTests.BASE,
    "bb.event-logger.consumer.threads=2"})
class ShardedStreamTests {

    static final String BASE = "test:sharded-events";

    @Autowired
    RedisStreamConnections redisStreams;

    @Autowired
    StreamConsumerLifecycle lifecycle;

    @Autowired
    StreamMaintenance maintenance;

    @Autowired
    EventStreams streams;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyShardShouldBeConsumedStoredOnceAndTrimmedOnItsOwn() {
        List<String> shards = streams.keys(BASE);
        assertThat(shards).containsExactly(BASE + ":{0}", BASE + ":{1}", BASE + ":{2}");
        assertThat(lifecycle.consumers()).hasSize(6)
                .extracting(StreamConsumer::name).doesNotHaveDuplicates();

        RedisClusterCommands<String, String> redis = redisStreams.shared();
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            UUID user = UUID.randomUUID();
            users.add(user);
            for (int seq = 0; seq < 3; seq++) {
                StreamTestSupport.xadd(redis, streams.keyOf(BASE, user), TestBatches.batch(user, UUID.randomUUID(), seq, 10));
            }
        }
        for (String shard : shards) {
            assertThat(redis.xlen(shard)).as(shard).isPositive();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(StreamTestSupport.rows(jdbc, users)).isEqualTo(30L * 3 * 10);
            for (String shard : shards) {
                assertThat(StreamTestSupport.pending(redis, shard)).as(shard).isZero();
            }
        });
        assertThat(StreamTestSupport.distinctEvents(jdbc, users)).isEqualTo(30L * 3 * 10);

        List<StreamTrimmer> trimmers = maintenance.trimmers();
        assertThat(trimmers).extracting(StreamTrimmer::stream).containsExactlyElementsOf(shards);
        // The scheduled trim ran at startup and took each shard's own lock.
        for (String shard : shards) {
            assertThat(redis.exists(shard + ":trim-lock")).as(shard + ":trim-lock").isOne();
        }
        // The event logger's group has read and acknowledged everything: each shard empties.
        for (StreamTrimmer trimmer : trimmers) {
            trimmer.trim();
        }
        for (String shard : shards) {
            assertThat(redis.xlen(shard)).as(shard).isZero();
        }
        assertThat(redis.exists(BASE)).as("the unsharded key").isZero();
    }
}
