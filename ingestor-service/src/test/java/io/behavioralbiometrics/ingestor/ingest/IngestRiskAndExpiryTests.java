package io.behavioralbiometrics.ingestor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.RiskUpdate;
import io.behavioralbiometrics.core.event.ServerFrame;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

class IngestRiskAndExpiryTests extends IngestIntegrationTest {

    @Autowired
    JsonMapper mapper;

    @Test
    void riskUpdateShouldReachOnlyTheSocketsOfItsUser() {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        try (IngestClient aliceSocket = IngestClient.connect(port, tokens().accessToken(alice));
                IngestClient aliceSecondSocket = IngestClient.connectWithSubprotocol(port, tokens().accessToken(alice));
                IngestClient bobSocket = IngestClient.connect(port, tokens().accessToken(bob))) {
            RiskUpdate forAlice = new RiskUpdate(alice, UUID.randomUUID(), 0.82, "HIGH", 0.999, "HIGH",
                    Instant.now().truncatedTo(ChronoUnit.MILLIS));
            RiskUpdate forBob = new RiskUpdate(bob, UUID.randomUUID(), 0.1, "LOW",
                    Instant.now().truncatedTo(ChronoUnit.MILLIS));

            // The listener subscribes asynchronously at startup; publish until it hears.
            await().atMost(IngestClient.TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
                redis.convertAndSend(BusNames.RISK_CHANNEL, mapper.writeValueAsString(forAlice));
                return !aliceSocket.frames(ServerFrame.Risk.class).isEmpty();
            });
            redis.convertAndSend(BusNames.RISK_CHANNEL, mapper.writeValueAsString(forBob));

            ServerFrame.Risk expected = new ServerFrame.Risk(forAlice.sessionId(), 0.82, "HIGH", 0.999, "HIGH",
                    forAlice.at());
            assertThat(aliceSocket.awaitRisk(risk -> true)).isEqualTo(expected);
            assertThat(aliceSecondSocket.awaitRisk(risk -> true)).isEqualTo(expected);
            // An update without evidence (a risk engine older than it) is forwarded without it.
            assertThat(bobSocket.awaitRisk(risk -> true)).isEqualTo(
                    new ServerFrame.Risk(forBob.sessionId(), 0.1, "LOW", forBob.at()));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(bobSocket.frames(ServerFrame.Risk.class)).extracting(ServerFrame.Risk::sessionId)
                        .containsOnly(forBob.sessionId());
                assertThat(aliceSocket.frames(ServerFrame.Risk.class)).extracting(ServerFrame.Risk::sessionId)
                        .containsOnly(forAlice.sessionId());
            });
        }
    }

    @Test
    void socketShouldBeClosedWith4001WhenItsTokenExpires() {
        String shortLived = tokens().accessToken(UUID.randomUUID(),
                claims -> claims.expirationTime(Date.from(Instant.now().plusSeconds(4))));
        try (IngestClient client = IngestClient.connect(port, shortLived)) {
            assertThat(client.isOpen()).isTrue();

            var status = client.awaitClose();

            assertThat(status.getCode()).isEqualTo(4001);
            assertThat(status.getReason()).isEqualTo("token expired");
        }
    }
}
