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
import java.util.UUID;
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
}
