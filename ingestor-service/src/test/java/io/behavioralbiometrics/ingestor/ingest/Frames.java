package io.behavioralbiometrics.ingestor.ingest;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventBatch;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.core.event.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Batches for tests, written with the shared codec so they are exactly what the SDK sends. */
public final class Frames {

    static final EventCodec CODEC = new EventCodec();

    private Frames() {
    }

    static List<BehavioralEvent> events(int count) {
        List<BehavioralEvent> events = new ArrayList<>(count);
        double t = 1_732_449_000_123.4;
        for (int i = 0; i < count; i++) {
            events.add(switch (i % 4) {
                case 0 -> BehavioralEvent.mouseMove(t + i * 16.7, 400 + i, 230 - i * 0.5);
                case 1 -> BehavioralEvent.button(EventType.MOUSEDOWN, t + i * 16.7, 415, 233, 0);
                case 2 -> BehavioralEvent.key(EventType.KEYDOWN, t + i * 16.7, "KeyA");
                default -> BehavioralEvent.key(EventType.KEYUP, t + i * 16.7, "*");
            });
        }
        return events;
    }

    public static EventBatch batch(UUID sessionId, long seq, int events) {
        return new EventBatch(sessionId, seq, events(events));
    }

    public static String json(EventBatch batch) {
        return CODEC.encodeBatch(batch);
    }
}
