package io.behavioralbiometrics.core.event;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A client's batch frame: events of one browser session, numbered by {@code seq} so
 * that {@code (user, sessionId, seq, index)} identifies every event and a re-sent batch
 * is stored once.
 */
public record EventBatch(UUID sessionId, long seq, List<BehavioralEvent> events) {

    public EventBatch {
        Objects.requireNonNull(sessionId, "sessionId");
        events = List.copyOf(events);
    }
}
