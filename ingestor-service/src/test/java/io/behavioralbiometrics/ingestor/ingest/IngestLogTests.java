package io.behavioralbiometrics.ingestor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.core.event.ServerFrame;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.socket.WebSocketHttpHeaders;

@ExtendWith(OutputCaptureExtension.class)
class IngestLogTests extends IngestIntegrationTest {

    @Test
    void tokensShouldNeverAppearInLogsEvenWithDebugRequestLogging(CapturedOutput output) {
        String queryToken = tokens().accessToken(UUID.randomUUID());
        String protocolToken = tokens().accessToken(UUID.randomUUID());
        String expiredToken = tokens().accessToken(UUID.randomUUID(), claims -> claims
                .expirationTime(Date.from(Instant.now().minusSeconds(600))));
        try (IngestClient client = IngestClient.connect(port, queryToken)) {
            client.request(Frames.json(Frames.batch(UUID.randomUUID(), 3, 2)), 3);
            client.send("{\"type\":\"batch\",\"seq\":4}");
            client.awaitError(error -> Long.valueOf(4).equals(error.seq()));
            client.sendBinary(new byte[] {0});
            client.awaitClose();
        }
        try (IngestClient client = IngestClient.connectWithSubprotocol(port, protocolToken)) {
            assertThat(client.request(Frames.json(Frames.batch(UUID.randomUUID(), 1, 1)), 1))
                    .isInstanceOf(ServerFrame.Ack.class);
        }
        assertThat(IngestClient.handshakeFailure(IngestClient.uri(port, expiredToken), new WebSocketHttpHeaders()))
                .contains("401");

        // Debug request logging is on in these tests, so the handshakes were logged ...
        assertThat(output.getAll()).contains("/ws/ingest");
        // ... but none of the tokens, nor their signatures.
        for (String token : new String[] {queryToken, protocolToken, expiredToken}) {
            assertThat(output.getAll()).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
        }
    }
}
