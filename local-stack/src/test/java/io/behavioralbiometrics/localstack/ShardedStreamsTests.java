package io.behavioralbiometrics.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.EventStreams;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared stack's event stream has {@link RunningStack#STREAMS} shards: each user's
 * batches go to that user's shard only, both consumer groups work on every shard, and every
 * event is stored once. The services run as their Redis ACL users, so this also shows the
 * shard keys are granted.
 */
@ExtendWith(RunningStack.class)
class ShardedStreamsTests {

    private static final int USERS_PER_SHARD = 2;
    /** Mouse movements per user, a few hundred events. */
    private static final int MOVEMENTS = 6;
    private static final int BATCH = 50;

    private final LocalStack stack = RunningStack.get();
    private final EventStreams streams = RunningStack.STREAMS;
    private RedisClient redisClient;
    private StatefulRedisConnection<String, String> redisConnection;

    @BeforeEach
    void connect() {
        redisClient = RedisClient.create(RedisURI.create(stack.redis().url()));
        redisConnection = redisClient.connect();
    }

    @AfterEach
    void disconnect() {
        redisConnection.close();
        redisClient.shutdown();
    }

    @Test
    void everyUsersBatchesShouldGoToItsShardAndBeStoredOnceByGroupsOnEveryShard() throws Exception {
        StackClient client = new StackClient(stack.options());
        // Enough users that every shard has USERS_PER_SHARD of them (ids are the identity service's).
        Map<Integer, List<StackClient.Session>> byShard = new HashMap<>();
        for (int attempt = 0; attempt < 200 && !everyShardFilled(byShard); attempt++) {
            String email = "shards-" + UUID.randomUUID() + "@example.com";
            client.register(email, "a long enough passphrase");
            StackClient.Session session = client.login(email, "a long enough passphrase");
            List<StackClient.Session> users = byShard.computeIfAbsent(streams.shardOf(session.userId()),
                    shard -> new ArrayList<>());
            if (users.size() < USERS_PER_SHARD) {
                users.add(session);
            }
        }
        assertThat(everyShardFilled(byShard)).as("users per shard: %s", byShard).isTrue();

        RedisCommands<String, String> redis = redisConnection.sync();
        List<String> keys = streams.keys(BusNames.EVENTS_STREAM);
        assertThat(keys).containsExactly("bb:events:{0}", "bb:events:{1}", "bb:events:{2}", "bb:events:{3}");
        Map<String, Long> addedBefore = new HashMap<>();
        for (String key : keys) {
            addedBefore.put(key, entriesAdded(redis, key));
        }

        Map<UUID, Integer> sent = new HashMap<>();
        Map<Integer, Long> batchesPerShard = new HashMap<>();
        for (Map.Entry<Integer, List<StackClient.Session>> shard : byShard.entrySet()) {
            for (StackClient.Session user : shard.getValue()) {
                List<BehavioralEvent> events = new SyntheticMouse(SyntheticMouse.Profile.ALICE, 11,
                        Instant.now().toEpochMilli() - 600_000).movements(MOVEMENTS);
                try (StackClient.Ingest ingest = client.connect(user)) {
                    ingest.stream(UUID.randomUUID(), events, BATCH, Duration.ofSeconds(60));
                }
                sent.put(user.userId(), events.size());
                batchesPerShard.merge(shard.getKey(), (long) (events.size() + BATCH - 1) / BATCH, Long::sum);
            }
        }

        // Every shard got exactly its users' batches; nothing went to the unsharded key.
        for (int shard = 0; shard < keys.size(); shard++) {
            String key = keys.get(shard);
            assertThat(entriesAdded(redis, key) - addedBefore.get(key)).as(key).isEqualTo(batchesPerShard.get(shard));
        }
        assertThat(redis.exists(BusNames.EVENTS_STREAM)).as("the unsharded stream").isZero();

        for (Map.Entry<UUID, Integer> user : sent.entrySet()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    LocalStackEndToEndTests.storedEvents(stack.postgres(), user.getKey())).isEqualTo((long) user.getValue()));
        }
        // Both groups read every shard to its end and acknowledged all of it.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String key : keys) {
                String last = field(redis.xinfoStream(key), "last-generated-id");
                Map<String, List<?>> groups = new HashMap<>();
                for (Object group : redis.xinfoGroups(key)) {
                    groups.put(field((List<?>) group, "name"), (List<?>) group);
                }
                assertThat(groups).as(key).containsOnlyKeys(BusNames.EVENT_LOGGER_GROUP, BusNames.RISK_ENGINE_GROUP);
                for (List<?> group : groups.values()) {
                    assertThat(field(group, "last-delivered-id")).as("%s %s", key, group).isEqualTo(last);
                    assertThat(field(group, "pending")).as("%s %s", key, group).isEqualTo("0");
                }
            }
        });
    }

    private boolean everyShardFilled(Map<Integer, List<StackClient.Session>> byShard) {
        for (int shard = 0; shard < streams.shards(); shard++) {
            if (byShard.getOrDefault(shard, List.of()).size() < USERS_PER_SHARD) {
                return false;
            }
        }
        return true;
    }

    /** XINFO STREAM's entries-added (Redis 7): every XADD ever, unaffected by trimming. */
    private static long entriesAdded(RedisCommands<String, String> redis, String key) {
        if (redis.exists(key) == 0) {
            return 0;
        }
        return Long.parseLong(field(redis.xinfoStream(key), "entries-added"));
    }

    static String field(List<?> reply, String name) {
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            if (name.equals(String.valueOf(reply.get(i)))) {
                return String.valueOf(reply.get(i + 1));
            }
        }
        throw new IllegalStateException(name + " not in " + reply);
    }
}
