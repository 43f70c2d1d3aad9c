package io.behavioralbiometrics.ingestor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.ServerFrame;
import io.behavioralbiometrics.testsupport.EmbeddedRedisServer;
import io.behavioralbiometrics.testsupport.RealServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class IngestRedisOutageTests extends IngestIntegrationTest {

    @Test
    void whileRedisIsDownBatchesShouldBeRefusedAsUnavailableAndAckedAfterItIsBack(CapturedOutput output) {
        EmbeddedRedisServer redisServer = RealServers.get().embeddedRedis().orElse(null);
        assumeTrue(redisServer != null, "skipped: stopping Redis needs the embedded Redis "
                + "(BB_TEST_SERVERS=embedded, or auto without Docker); these tests run against "
                + RealServers.get().mode());
        UUID session = UUID.randomUUID();
        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(UUID.randomUUID()))) {
            assertThat(client.request(Frames.json(Frames.batch(session, 1, 2)), 1)).isEqualTo(new ServerFrame.Ack(1));

            redisServer.stop();
            ServerFrame whileDown = client.request(Frames.json(Frames.batch(session, 2, 2)), 2);

            assertThat(whileDown).isInstanceOfSatisfying(ServerFrame.Error.class,
                    error -> assertThat(error.code()).isEqualTo("unavailable"));
            for (long seq = 3; seq <= 6; seq++) {
                assertThat(client.request(Frames.json(Frames.batch(session, seq, 2)), seq))
                        .isInstanceOf(ServerFrame.Error.class);
            }
            assertThat(output.getOut().lines().filter(line -> line.contains("Redis unavailable")))
                    .as("one warning for the outage, not one per refused batch").hasSize(1);
            assertThat(client.frames(ServerFrame.Ack.class)).extracting(ServerFrame.Ack::seq).containsExactly(1L);
            await().atMost(IngestClient.TIMEOUT).untilAsserted(() -> assertThat(readiness())
                    .satisfies(body -> assertThat(body).startsWith("503").contains("\"status\":\"DOWN\"")));

            redisServer.start();
            // The client keeps the unacked batch and re-sends it until it is acked.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(
                    () -> client.request(Frames.json(Frames.batch(session, 2, 2)), 2) instanceof ServerFrame.Ack);
            await().atMost(IngestClient.TIMEOUT).untilAsserted(() -> assertThat(readiness()).startsWith("200"));
        } finally {
            redisServer.start();
        }
        assertThat(storedBatches(session)).extracting(IngestedBatch::seq).containsExactly(1L, 2L);
    }

    private String readiness() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
