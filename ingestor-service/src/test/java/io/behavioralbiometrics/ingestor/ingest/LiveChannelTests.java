package io.behavioralbiometrics.ingestor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.event.EventBatch;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.core.event.ServerFrame;
import io.behavioralbiometrics.testsupport.RealServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LiveChannelTests extends IngestIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void ackedBatchShouldBePublishedOnTheLiveChannelWithTheTokensUserAndItsEvents() throws Exception {
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        EventBatch batch = Frames.batch(session, 5, 7);
        var endpoint = RealServers.get().redis();
        RedisClient client = RedisClient.create(RedisURI.create(endpoint.host(), endpoint.port()));
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        try (StatefulRedisPubSubConnection<String, String> subscription = client.connectPubSub()) {
            subscription.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    messages.add(message);
                }
            });
            subscription.sync().subscribe(BusNames.LIVE_CHANNEL);
            Instant before = Instant.now();

            try (IngestClient socket = IngestClient.connect(port, tokens().accessToken(user))) {
                assertThat(socket.request(Frames.json(batch), 5)).isEqualTo(new ServerFrame.Ack(5));
            }

            JsonNode live = null;
            for (String message; (message = messages.poll(30, TimeUnit.SECONDS)) != null; ) {
                JsonNode node = JSON.readTree(message);
                if (node.path("sessionId").asString().equals(session.toString())) {
                    live = node;
                    break;
                }
            }
            assertThat(live).as("message of session %s on %s", session, BusNames.LIVE_CHANNEL).isNotNull();
            assertThat(live.path("userId").asString()).isEqualTo(user.toString());
            assertThat(live.path("seq").asLong()).isEqualTo(5);
            assertThat(Instant.ofEpochMilli(live.path("receivedAt").asLong()))
                    .isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
            assertThat(live.path("events").isArray()).isTrue();
            assertThat(new EventCodec().decodeEvents(live.path("events").toString())).isEqualTo(batch.events());
        } finally {
            client.shutdown();
        }
    }
}
