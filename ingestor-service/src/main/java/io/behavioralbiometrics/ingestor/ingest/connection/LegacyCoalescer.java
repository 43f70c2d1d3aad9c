package io.behavioralbiometrics.ingestor.ingest.connection;

import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Gathers the original client's single-event frames of one connection into batches. That
 * client sends one frame per event and never re-sends, so any refusal for load would be a
 * silent loss: instead of one write per frame (which a burst turns into
 * {@code too_many_in_flight}), one write at a time runs per connection and the events that
 * arrive meanwhile wait here and go out together in the next batch, up to
 * {@code maxEventsPerBatch}. An idle connection writes its event at once, so a lone event
 * waits for nothing. Thread-safe: frames arrive on the socket's thread, writes end on
 * writer threads.
 */
final class LegacyCoalescer {

    /** What became of an offered event. */
    sealed interface Offer {
        /** Nothing is being written: write this batch now, then ask {@link #next()}. */
        record WriteNow(IngestedBatch batch) implements Offer {
        }

        /** A write is running; the event goes out with the batch after it. */
        record Queued() implements Offer {
        }

        /** {@code maxPending} events are already waiting: the write is far behind. */
        record Full() implements Offer {
        }
    }

    private static final Offer QUEUED = new Offer.Queued();
    private static final Offer FULL = new Offer.Full();

    private final UUID userId;
    /** Session of the original's frames, which carry none; the seq counts the batches. */
    private final UUID sessionId = UUID.randomUUID();
    private final int maxEventsPerBatch;
    private final int maxPending;
    private final List<BehavioralEvent> pending = new ArrayList<>();
    private @Nullable Instant firstReceived;
    private long nextSeq;
    private boolean writing;

    LegacyCoalescer(UUID userId, int maxEventsPerBatch, int maxPending) {
        this.userId = userId;
        this.maxEventsPerBatch = maxEventsPerBatch;
        this.maxPending = maxPending;
    }

    UUID sessionId() {
        return sessionId;
    }

    synchronized Offer offer(BehavioralEvent event, Instant received) {
        if (pending.size() >= maxPending) {
            return FULL;
        }
        if (pending.isEmpty()) {
            firstReceived = received;
        }
        pending.add(event);
        if (writing) {
            return QUEUED;
        }
        writing = true;
        return new Offer.WriteNow(take());
    }

    /**
     * Called when a write ended (stored or not): the batch of the events that waited
     * meanwhile, which the caller writes next, or null when none waited and the
     * connection is idle again.
     */
    synchronized @Nullable IngestedBatch next() {
        if (pending.isEmpty()) {
            writing = false;
            return null;
        }
        return take();
    }

    private IngestedBatch take() {
        int size = Math.min(pending.size(), maxEventsPerBatch);
        List<BehavioralEvent> events = List.copyOf(pending.subList(0, size));
        pending.subList(0, size).clear();
        Instant received = firstReceived;
        // The events left over arrived after those taken; the clock of this batch is close enough.
        firstReceived = pending.isEmpty() ? null : received;
        return new IngestedBatch(userId, sessionId, nextSeq++, received, events);
    }
}
