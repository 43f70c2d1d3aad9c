package io.behavioralbiometrics.ingestor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.core.bus.UserDeletion;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.WebSocketHttpHeaders;

class ErasedUserHandshakeTests extends IngestIntegrationTest {


    @Test
    void handshakeOfAnErasedUserWithAStillValidTokenShouldFailWith401() {
        UUID erased = UUID.randomUUID();
        String token = tokens().accessToken(erased);
        redis.opsForValue().set(UserDeletion.tombstoneKey(erased), "1", Duration.ofMinutes(5));

        String failure = IngestClient.handshakeFailure(IngestClient.uri(port, token), new WebSocketHttpHeaders());

        assertThat(failure).contains("401");
    }

    @Test
    void handshakeOfAnotherUserShouldStillSucceed() {
        redis.opsForValue().set(UserDeletion.tombstoneKey(UUID.randomUUID()), "1", Duration.ofMinutes(5));

        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(UUID.randomUUID()))) {
            assertThat(client.isOpen()).isTrue();
        }
    }
}
