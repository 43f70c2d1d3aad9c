package io.behavioralbiometrics.core.event;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** What the ingestor sends to a client. */
public sealed interface ServerFrame {

    /** The batch {@code seq} is durably in the event stream; the client may forget it. */
    record Ack(long seq) implements ServerFrame {
    }

    /** The batch {@code seq} (when known) was rejected and nothing of it was stored. */
    record Error(@Nullable Long seq, String code, String message) implements ServerFrame {
    }

    /**
     * A live risk update for one of the user's sessions; {@code level} is the risk engine's
     * {@code LOW}, {@code MEDIUM} or {@code HIGH}.
     */
    record Risk(UUID sessionId, double risk, String level, Instant at) implements ServerFrame {
    }
}
