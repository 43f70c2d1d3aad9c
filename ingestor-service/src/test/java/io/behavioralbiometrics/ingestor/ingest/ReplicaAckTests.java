package io.behavioralbiometrics.ingestor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.event.ServerFrame;
import io.behavioralbiometrics.testsupport.EmbeddedRedisServer;
import io.behavioralbiometrics.testsupport.RealServers;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code bb.ingest.durability.replicas=1}: a batch is acknowledged only once a replica holds
 * it ({@code WAIT 1}); with no replica to confirm it the client hears {@code unavailable}
 * and keeps it, so a master failover cannot lose an acknowledged batch.
 */
@TestPropertySource(properties = {"bb.ingest.durability.replicas=1", "bb.ingest.durability.replica-wait=300ms"})
class ReplicaAckTests extends IngestIntegrationTest {

    @Test
    void aBatchShouldBeAckedOnlyOnceAReplicaHoldsIt() {
        UUID session = UUID.randomUUID();
        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(UUID.randomUUID()))) {
            ServerFrame unconfirmed = client.request(Frames.json(Frames.batch(session, 1, 2)), 1);
            assertThat(unconfirmed).as("no replica confirms it").isInstanceOfSatisfying(ServerFrame.Error.class,
                    error -> assertThat(error.code()).isEqualTo("unavailable"));

            EmbeddedRedisServer replica = EmbeddedRedisServer.startReplicaOf(RealServers.get().redis());
            RedisClient replicaClient = RedisClient.create(RedisURI.create(replica.endpoint().url()));
            try (StatefulRedisConnection<String, String> onReplica = replicaClient.connect()) {
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        onReplica.sync().info("replication").contains("master_link_status:up"));

                await().atMost(Duration.ofSeconds(30)).until(() ->
                        client.request(Frames.json(Frames.batch(session, 2, 2)), 2) instanceof ServerFrame.Ack);

                // What was acked is on the replica already.
                assertThat(onReplica.sync().xrange(BusNames.EVENTS_STREAM, Range.create("-", "+")))
                        .anySatisfy(entry -> assertThat(entry.getBody()).containsEntry("sessionId", session.toString())
                                .containsEntry("seq", "2"));
            } finally {
                replicaClient.shutdown();
                replica.stop();
            }
        }
    }

    /** One WAIT blocks its connection, so one per batch would serialise every write behind a replica round trip. */
    @Test
    void batchesWrittenTogetherShouldShareWaits() {
        EmbeddedRedisServer replica = EmbeddedRedisServer.startReplicaOf(RealServers.get().redis());
        RedisClient replicaClient = RedisClient.create(RedisURI.create(replica.endpoint().url()));
        RedisClient masterClient = RedisClient.create(RedisURI.create(RealServers.get().redis().url()));
        List<IngestClient> clients = new ArrayList<>();
        try (StatefulRedisConnection<String, String> onReplica = replicaClient.connect();
             StatefulRedisConnection<String, String> onMaster = masterClient.connect()) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    onReplica.sync().info("replication").contains("master_link_status:up"));
            long waitsBefore = waitCalls(onMaster.sync().info("commandstats"));
            int sockets = 4;
            int perSocket = 16;
            List<UUID> sessions = new ArrayList<>();
            for (int i = 0; i < sockets; i++) {
                clients.add(IngestClient.connect(port, tokens().accessToken(UUID.randomUUID())));
                sessions.add(UUID.randomUUID());
            }
            for (int seq = 1; seq <= perSocket; seq++) {
                for (int i = 0; i < sockets; i++) {
                    clients.get(i).send(Frames.json(Frames.batch(sessions.get(i), seq, 2)));
                }
            }
            for (IngestClient client : clients) {
                for (int seq = 1; seq <= perSocket; seq++) {
                    client.awaitAck(seq);
                }
            }
            long waits = waitCalls(onMaster.sync().info("commandstats")) - waitsBefore;

            int batches = sockets * perSocket;
            assertThat(waits).as("WAITs for %d batches sent together", batches).isPositive().isLessThan(batches / 2);
            List<String> onTheReplica = onReplica.sync().xrange(BusNames.EVENTS_STREAM, Range.create("-", "+")).stream()
                    .map(entry -> entry.getBody().get("sessionId") + "/" + entry.getBody().get("seq")).toList();
            for (int i = 0; i < sockets; i++) {
                for (int seq = 1; seq <= perSocket; seq++) {
                    assertThat(onTheReplica).as("acked, so on the replica").contains(sessions.get(i) + "/" + seq);
                }
            }
        } finally {
            clients.forEach(IngestClient::close);
            replicaClient.shutdown();
            masterClient.shutdown();
            replica.stop();
        }
    }

    private static long waitCalls(String commandStats) {
        Matcher calls = Pattern.compile("cmdstat_wait:calls=(\\d+)").matcher(commandStats);
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }
}
