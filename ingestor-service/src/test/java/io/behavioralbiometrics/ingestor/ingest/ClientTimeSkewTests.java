package io.behavioralbiometrics.ingestor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventBatch;
import io.behavioralbiometrics.core.event.ServerFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Client times far from the receive time are refused: by default more than 24 h ahead or 30
 * days behind (this context allows ten years behind, for the fixed 2024 times of the other
 * tests' frames). A stolen token can no longer plant events stamped years ahead.
 */
class ClientTimeSkewTests extends IngestIntegrationTest {

    private static double millis(Instant instant) {
        return instant.toEpochMilli() + 0.5;
    }

    @Test
    void aBatchWithAnEventMoreThanADayAheadIsRefusedAndNothingOfItStored() {
        UUID session = UUID.randomUUID();
        Instant now = Instant.now();
        EventBatch batch = new EventBatch(session, 3, List.of(
                BehavioralEvent.mouseMove(millis(now), 1, 2),
                BehavioralEvent.mouseMove(millis(now.plus(Duration.ofDays(3650))), 3, 4)));
        long before = streamLength();

        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(UUID.randomUUID()))) {
            ServerFrame reply = client.request(Frames.json(batch), 3);

            assertThat(reply).isInstanceOfSatisfying(ServerFrame.Error.class, error -> {
                assertThat(error.code()).isEqualTo("client_time_skew");
                assertThat(error.seq()).isEqualTo(3L);
                assertThat(error.message()).startsWith("events[1].t").contains("ahead");
            });
            // Just inside the window is fine, and the socket keeps working.
            EventBatch inside = new EventBatch(session, 4, List.of(
                    BehavioralEvent.mouseMove(millis(now.plus(Duration.ofHours(23))), 1, 2)));
            assertThat(client.request(Frames.json(inside), 4)).isEqualTo(new ServerFrame.Ack(4));
        }
        assertThat(streamLength()).isEqualTo(before + 1);
        assertThat(storedBatches(session)).extracting(IngestedBatch::seq).containsExactly(4L);
    }

    @Test
    void aBatchFromFurtherBackThanTheLimitIsRefused() {
        UUID session = UUID.randomUUID();
        EventBatch ancient = new EventBatch(session, 1, List.of(
                BehavioralEvent.mouseMove(millis(Instant.now().minus(Duration.ofDays(3660))), 1, 2)));

        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(UUID.randomUUID()))) {
            ServerFrame reply = client.request(Frames.json(ancient), 1);

            assertThat(reply).isInstanceOfSatisfying(ServerFrame.Error.class, error -> {
                assertThat(error.code()).isEqualTo("client_time_skew");
                assertThat(error.message()).startsWith("events[0].t").contains("behind");
            });
        }
        assertThat(storedBatches(session)).isEmpty();
    }

    @Test
    void aLegacyEventStampedInTheFarFutureIsRefused() {
        double seconds = Instant.now().plus(Duration.ofDays(400)).getEpochSecond();
        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(UUID.randomUUID()))) {
            client.send("{\"event_type\":\"mousemove\",\"x\":1,\"y\":2,\"timestamp\":" + seconds + "}");

            ServerFrame.Error error = client.awaitError(e -> e.code().equals("client_time_skew"));
            // The event belongs to no batch yet (single events are coalesced), so no seq.
            assertThat(error.seq()).isNull();
            assertThat(error.message()).startsWith("timestamp: client time");
        }
    }
}
