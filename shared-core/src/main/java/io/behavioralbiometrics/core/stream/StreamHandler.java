package io.behavioralbiometrics.core.stream;

import java.util.List;

/**
 * What a {@link StreamConsumer} does with the entries it reads: turns them into their effect.
 * <p>
 * Returning normally means every entry of the chunk is handled: the consumer then
 * acknowledges them all, the rejected ones after moving them to the dead-letter stream.
 * Throwing a {@link RuntimeException} means the rest could not be handled now: only the
 * entries already reported {@link Outcomes#done done} or {@link Outcomes#reject rejected} are
 * acknowledged, the others stay pending and are delivered again after a backoff. So a
 * handler that commits a chunk at once reports nothing, and one that works entry by entry
 * reports each as it finishes. Handlers must be idempotent: an entry whose effect happened
 * just before a crash is delivered again.
 */
@FunctionalInterface
public interface StreamHandler {

    void handle(List<StreamEntry> entries, Outcomes outcomes);

    /** How a handler reports entries before the end of its chunk. */
    interface Outcomes {

        /** Its effect is complete: acknowledge it even when a later entry fails. */
        void done(StreamEntry entry);

        /**
         * It can never be handled (unreadable, refused by the database): move it to the
         * dead-letter stream, or log it when the consumer has none, and acknowledge it.
         * The reason goes to the dead-letter stream and the log: never put field values in it.
         */
        void reject(StreamEntry entry, String reason);
    }
}
