package io.behavioralbiometrics.ingestor.ingest.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.UserDeletion;
import io.behavioralbiometrics.core.event.ServerFrame;
import io.behavioralbiometrics.ingestor.ingest.Frames;
import io.behavioralbiometrics.ingestor.ingest.IngestClient;
import io.behavioralbiometrics.ingestor.ingest.IngestIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHttpHeaders;

class ErasedUserHandshakeTests extends IngestIntegrationTest {

    @Autowired
    ErasedUserDisconnector disconnector;

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

    @Test
    void openSocketsOfAUserShouldBeClosedWith4403WhenTheUserIsErased() {
        UUID erased = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        try (IngestClient first = IngestClient.connect(port, tokens().accessToken(erased));
             IngestClient second = IngestClient.connectWithSubprotocol(port, tokens().accessToken(erased));
             IngestClient other = IngestClient.connect(port, tokens().accessToken(kept))) {
            assertThat(first.request(Frames.json(Frames.batch(UUID.randomUUID(), 0, 3)), 0))
                    .isInstanceOf(ServerFrame.Ack.class);

            announceErasure(erased);

            for (IngestClient socket : new IngestClient[] {first, second}) {
                CloseStatus status = socket.awaitClose();
                assertThat(status.getCode()).isEqualTo(4403);
                assertThat(status.getReason()).isEqualTo("user erased");
            }
            assertThat(other.isOpen()).isTrue();
            ServerFrame answer = other.request(Frames.json(Frames.batch(UUID.randomUUID(), 0, 3)), 0);
            assertThat(answer).isInstanceOf(ServerFrame.Ack.class);
        }
    }

    @Test
    void socketOfAUserWhoseEntryWasMissedShouldBeClosedByTheTombstoneCheckWhenReadingResumes() {
        // The entry was deleted before this replica read it (or Redis was unreachable
        // meanwhile): only the tombstone is left. Reading resumes with a tombstone check,
        // as after a restart of the reader.
        UUID erased = UUID.randomUUID();
        try (IngestClient socket = IngestClient.connect(port, tokens().accessToken(erased));
             IngestClient other = IngestClient.connect(port, tokens().accessToken(UUID.randomUUID()))) {
            redis.opsForValue().set(UserDeletion.tombstoneKey(erased), "1", Duration.ofMinutes(5));

            disconnector.stop();
            disconnector.start();

            assertThat(socket.awaitClose().getCode()).isEqualTo(4403);
            assertThat(other.isOpen()).isTrue();
        }
    }

    /** What identity does on an erasure: the tombstone, then the stream entry. */
    private void announceErasure(UUID userId) {
        UserDeletion deletion = new UserDeletion(userId, UUID.randomUUID(), Instant.now(),
                UserDeletion.RequestedBy.SELF);
        redis.opsForValue().set(UserDeletion.tombstoneKey(userId), "1", Duration.ofMinutes(5));
        redis.opsForStream().add(StreamRecords.string(deletion.toFields()).withStreamKey(BusNames.USER_DELETED_STREAM));
    }
}
