package io.behavioralbiometrics.core.event;

/** What a client may send over the ingest WebSocket. */
public sealed interface ClientFrame {

    /** The current protocol: a numbered batch of events. */
    record Batch(EventBatch batch) implements ClientFrame {
    }

    /**
     * The original system's single-event frame
     * {@code {"event_type":"mousemove","x":1,"y":2,"timestamp":…}}; it carries no session
     * or sequence, so the ingestor assigns them per connection.
     */
    record LegacyEvent(BehavioralEvent event) implements ClientFrame {
    }
}
