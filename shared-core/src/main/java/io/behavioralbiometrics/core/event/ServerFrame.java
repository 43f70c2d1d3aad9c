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
     * {@code LOW}, {@code MEDIUM} or {@code HIGH}. {@code risk} weighs the session's recent
     * windows; {@code evidenceRisk} (with its {@code evidenceLevel}) the evidence accumulated
     * over the whole session so far, which flags a takeover in the middle of a session.
     * Both evidence fields are absent when the risk engine did not send them.
     */
    record Risk(UUID sessionId, double risk, String level, @Nullable Double evidenceRisk,
            @Nullable String evidenceLevel, Instant at) implements ServerFrame {

        public Risk(UUID sessionId, double risk, String level, Instant at) {
            this(sessionId, risk, level, null, null, at);
        }
    }
}
