package io.behavioralbiometrics.ingestor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.ServerFrame;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Range;
import org.springframework.test.context.TestPropertySource;

/**
 * The original client sends one frame per event and never re-sends, so a refusal for load
 * loses its event. With one batch in flight allowed per connection, a burst of its frames
 * would be refused almost entirely if each frame were its own write; coalesced, every event
 * is stored once, in order.
 */
@TestPropertySource(properties = {
        "bb.ingest.max-in-flight=1",
        "bb.ingest.events-per-second=1000",
        "bb.ingest.event-burst=2000"})
class LegacyBurstTests extends IngestIntegrationTest {

    private static final int EVENTS = 1_500;

    private static String frame(int i) {
        return "{\"event_type\":\"mousemove\",\"x\":" + i + ",\"y\":1,\"timestamp\":" + (1732449000000L + i) + "}";
    }

    @Test
    void aBurstOfSingleEventFramesShouldBeStoredCompletelyInOrderWithoutAnyRefusal() {
        UUID user = UUID.randomUUID();
        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(user))) {
            IntStream.range(0, EVENTS).forEach(i -> client.send(frame(i)));

            List<IngestedBatch> stored = await().atMost(IngestClient.TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .until(() -> batchesOf(user), batches -> eventCount(batches) >= EVENTS);
            assertStoredInOrder(stored);
            // Every batch is acked under its seq, and nothing was refused.
            await().atMost(IngestClient.TIMEOUT).until(() -> client.frames(ServerFrame.Ack.class).size(),
                    acks -> acks == stored.size());
            assertThat(client.frames(ServerFrame.Ack.class)).extracting(ServerFrame.Ack::seq)
                    .containsExactlyInAnyOrderElementsOf(stored.stream().map(IngestedBatch::seq).toList());
            assertThat(client.frames(ServerFrame.Error.class)).isEmpty();
        }
    }

    @Test
    void eventsStillWaitingWhenTheClientClosesShouldBeStored() {
        UUID user = UUID.randomUUID();
        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(user))) {
            IntStream.range(0, EVENTS).forEach(i -> client.send(frame(i)));
        }
        List<IngestedBatch> stored = await().atMost(IngestClient.TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> batchesOf(user), batches -> eventCount(batches) >= EVENTS);
        assertStoredInOrder(stored);
    }

    private static void assertStoredInOrder(List<IngestedBatch> stored) {
        assertThat(stored).extracting(IngestedBatch::sessionId).containsOnly(stored.getFirst().sessionId());
        assertThat(stored).extracting(IngestedBatch::seq)
                .containsExactlyElementsOf(IntStream.range(0, stored.size()).mapToObj(i -> (long) i).toList());
        assertThat(stored).allSatisfy(batch -> assertThat(batch.events()).hasSizeLessThanOrEqualTo(500));
        List<BehavioralEvent> events = stored.stream().flatMap(batch -> batch.events().stream()).toList();
        assertThat(events).extracting(event -> event.x().intValue())
                .containsExactlyElementsOf(IntStream.range(0, EVENTS).boxed().toList());
    }

    private static int eventCount(List<IngestedBatch> batches) {
        return batches.stream().mapToInt(batch -> batch.events().size()).sum();
    }

    private List<IngestedBatch> batchesOf(UUID user) {
        return redis.opsForStream().range(BusNames.EVENTS_STREAM, Range.unbounded()).stream()
                .map(record -> {
                    Map<String, String> fields = new LinkedHashMap<>();
                    record.getValue().forEach((k, v) -> fields.put(k.toString(), v.toString()));
                    return fields;
                })
                .filter(fields -> user.toString().equals(fields.get(IngestedBatch.USER_ID)))
                .map(fields -> IngestedBatch.fromFields(fields, Frames.CODEC))
                .toList();
    }
}
