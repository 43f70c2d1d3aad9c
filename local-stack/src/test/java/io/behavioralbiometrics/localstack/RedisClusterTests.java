package io.behavioralbiometrics.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.EventStreams;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventBatch;
import io.behavioralbiometrics.testsupport.EmbeddedRedisCluster;
import io.behavioralbiometrics.testsupport.PostgresEndpoint;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole system on a real Redis Cluster of 3 masters and 3 replicas ({@code --redis-cluster})
 * with four stream shards: users on every shard are stored exactly once, the shards spread
 * over the masters, live risk reaches the socket, and a master killed mid-stream is
 * replaced by its replica while the SDK's re-sending client loses and duplicates nothing:
 * acks wait for a replica's copy, so the shard refuses batches from the kill until the
 * restarted node has rejoined as the new master's replica.
 */
@ExtendWith(RunningStack.Cluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterTests {

    private static final String PASSWORD = "a long enough passphrase";
    private static final int BATCHES = 300;
    private static final int EVENTS_PER_BATCH = 40;

    private final LocalStack stack = RunningStack.cluster();
    private final EventStreams streams = RunningStack.STREAMS;

    @Test
    @Order(1)
    void usersOnEveryShardShouldBeStoredExactlyOnceWithTheShardsOnSeveralMasters() throws Exception {
        StackClient client = new StackClient(stack.options());
        Map<Integer, StackClient.Session> byShard = new HashMap<>();
        for (int attempt = 0; attempt < 100 && byShard.size() < streams.shards(); attempt++) {
            StackClient.Session user = signUp(client, "cluster-shard");
            byShard.putIfAbsent(streams.shardOf(user.userId()), user);
        }
        assertThat(byShard).hasSize(streams.shards());

        Map<UUID, Integer> sent = new HashMap<>();
        for (StackClient.Session user : byShard.values()) {
            List<BehavioralEvent> events = new SyntheticMouse(SyntheticMouse.Profile.ALICE, 5,
                    Instant.now().toEpochMilli() - 600_000).movements(6);
            try (StackClient.Ingest ingest = client.connect(user)) {
                ingest.stream(UUID.randomUUID(), events, 50, Duration.ofSeconds(60));
            }
            sent.put(user.userId(), events.size());
        }
        for (Map.Entry<UUID, Integer> user : sent.entrySet()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    LocalStackEndToEndTests.storedEvents(stack.postgres(), user.getKey()))
                    .isEqualTo((long) user.getValue()));
        }
        try (StackRedis redis = StackRedis.open(stack)) {
            RedisClusterCommands<String, String> commands = redis.commands();
            Set<Integer> masters = new HashSet<>();
            for (String key : streams.keys(BusNames.EVENTS_STREAM)) {
                masters.add(stack.redisCluster().orElseThrow().masterPortOf(key));
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    for (Object group : commands.xinfoGroups(key)) {
                        assertThat(ShardedStreamsTests.field((List<?>) group, "pending")).as("%s %s", key, group)
                                .isEqualTo("0");
                    }
                });
            }
            assertThat(masters).as("masters serving the four shards").hasSizeGreaterThan(1);
        }
    }

    @Test
    @Order(2)
    void liveRiskShouldReachTheSocketOnTheCluster() throws Exception {
        StackClient client = new StackClient(stack.options());
        StackClient.Session user = signUp(client, "cluster-live");
        SyntheticMouse mouse = new SyntheticMouse(SyntheticMouse.Profile.ALICE, 8,
                Instant.now().toEpochMilli() - 900_000);
        List<BehavioralEvent> history = mouse.movements(80);
        try (StackClient.Ingest ingest = client.connect(user)) {
            ingest.stream(UUID.randomUUID(), history, 100, Duration.ofSeconds(60));
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                LocalStackEndToEndTests.storedEvents(stack.postgres(), user.userId()) == history.size());
        assertThat(client.train(user).status()).isEqualTo(200);

        try (StackClient.Ingest ingest = client.connect(user)) {
            ingest.stream(UUID.randomUUID(), mouse.movements(40), 50, Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(60)).until(() -> !ingest.risks().isEmpty());
        }
    }

    @Test
    @Order(3)
    void aMasterKilledMidStreamShouldLoseAndDuplicateNoAcknowledgedBatch() throws Exception {
        EmbeddedRedisCluster cluster = stack.redisCluster().orElseThrow();
        StackClient.Session user = signUp(new StackClient(stack.options()), "cluster-failover");
        String shard = streams.keyOf(BusNames.EVENTS_STREAM, user.userId());
        UUID sessionId = UUID.randomUUID();
        List<BehavioralEvent> events = new SyntheticMouse(SyntheticMouse.Profile.ALICE, 13,
                Instant.now().toEpochMilli() - 600_000).movements(400);
        List<EventBatch> batches = new ArrayList<>();
        for (int seq = 0; seq < BATCHES; seq++) {
            int from = (seq * EVENTS_PER_BATCH) % (events.size() - EVENTS_PER_BATCH);
            batches.add(new EventBatch(sessionId, seq, events.subList(from, from + EVENTS_PER_BATCH)));
        }
        int[] killed = new int[1];

        ResilientIngestClient.Report report = new ResilientIngestClient(stack.options(), user.accessToken())
                .deliver(batches, 8, Duration.ofMinutes(4), BATCHES / 3, () -> {
                    killed[0] = cluster.killMasterOf(shard);
                    // Restarted as an orchestrator would: it rejoins as the new master's replica,
                    // which acks wait for (bb.ingest.durability.replicas=1 on the cluster).
                    cluster.restart(killed[0]);
                });

        long expected = (long) BATCHES * EVENTS_PER_BATCH;
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> count(stack.postgres(), user.userId(), sessionId, false) >= expected);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> count(stack.postgres(), user.userId(), sessionId, false) == expected);
        System.out.printf("Killed the master on port %d serving %s: %d batches acked, %d frames re-sent, "
                + "%d reconnects, %d error frames%n", killed[0], shard, report.batches(), report.resends(),
                report.reconnects(), report.errorFrames());
        assertThat(killed[0]).as("a master was killed").isPositive();
        assertThat(count(stack.postgres(), user.userId(), sessionId, true)).as("distinct").isEqualTo(expected);
        assertThat(cluster.masterPortOf(shard)).as("the shard's new master").isNotEqualTo(killed[0]);
    }

    private static StackClient.Session signUp(StackClient client, String prefix) {
        String email = prefix + "-" + UUID.randomUUID() + "@example.com";
        client.register(email, PASSWORD);
        return client.login(email, PASSWORD);
    }

    private static long count(PostgresEndpoint postgres, UUID userId, UUID sessionId, boolean distinct) {
        String sql = distinct
                ? "SELECT count(*) FROM (SELECT DISTINCT batch_seq, idx FROM events.behavioral_events"
                        + " WHERE user_id = ? AND session_id = ?) d"
                : "SELECT count(*) FROM events.behavioral_events WHERE user_id = ? AND session_id = ?";
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
                postgres.password());
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, userId);
            query.setObject(2, sessionId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }
}
