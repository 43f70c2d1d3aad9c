package io.behavioralbiometrics.eventlogger;

import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Batches as the ingestor puts them on the stream, every event type with distinct values. */
public final class TestBatches {

    private TestBatches() {
    }

    public static IngestedBatch batch(UUID userId, UUID sessionId, long seq, int events) {
        return batch(userId, sessionId, seq, events, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    public static IngestedBatch batch(UUID userId, UUID sessionId, long seq, int events, Instant receivedAt) {
        List<BehavioralEvent> list = new ArrayList<>(events);
        double base = 1_732_449_000_000.0 + seq * 1000;
        for (int i = 0; i < events; i++) {
            double t = base + i + 0.25;
            double x = 10 + i * 1.5 + seq;
            double y = -(i * 2.25) - 1;
            list.add(switch (i % 7) {
                case 0 -> BehavioralEvent.mouseMove(t, x, y);
                case 1 -> BehavioralEvent.button(EventType.MOUSEDOWN, t, x, y, i % 5);
                case 2 -> BehavioralEvent.button(EventType.MOUSEUP, t, x, y, (i + 1) % 5);
                case 3 -> BehavioralEvent.button(EventType.CLICK, t, x, y, (i + 2) % 5);
                case 4 -> new BehavioralEvent(EventType.WHEEL, t, x, y, null, i * 0.5 - 3, null);
                case 5 -> BehavioralEvent.key(EventType.KEYDOWN, t, "Key" + (char) ('A' + i % 26));
                default -> BehavioralEvent.key(EventType.KEYUP, t, BehavioralEvent.MASKED_CODE);
            });
        }
        return new IngestedBatch(userId, sessionId, seq, receivedAt, list);
    }
}
