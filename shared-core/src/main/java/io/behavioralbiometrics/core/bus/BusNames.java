package io.behavioralbiometrics.core.bus;

/** Redis keys and channels the services agree on (DESIGN.md, "Bus"). */
public final class BusNames {

    /** Durable stream, one entry per accepted batch. */
    public static final String EVENTS_STREAM = "bb:events";
    /** Entries the event-logger could not parse, with the reason. */
    public static final String EVENTS_DEAD_LETTER_STREAM = "bb:events:dead";
    /** Consumer group that persists events to PostgreSQL. */
    public static final String EVENT_LOGGER_GROUP = "event-logger";
    /** Consumer group that scores live sessions. */
    public static final String RISK_ENGINE_GROUP = "risk-engine";
    /** The original system's pub/sub channel; at-most-once, for live taps only. */
    public static final String LIVE_CHANNEL = "behavioral-stream";
    /** Risk updates the ingestor forwards to the user's open sockets. */
    public static final String RISK_CHANNEL = "bb:risk";
    /**
     * Durable stream announcing an erased account ({@link UserDeletion} entries), so every
     * service deletes what it holds of the user; read by the {@value #EVENT_LOGGER_GROUP}
     * and {@value #RISK_ENGINE_GROUP} groups. Never trimmed by length, which could drop an
     * erasure a group has not done: the service that completes an erasure last deletes its
     * entry, so the stream holds only erasures still in progress.
     */
    public static final String USER_DELETED_STREAM = "bb:user-deleted";
    /**
     * Hash {@code bb:erasure:<erasureId>}: service name → ISO instant its deletion committed
     * ({@link UserDeletion#SERVICES}).
     */
    public static final String ERASURE_STATUS_PREFIX = "bb:erasure:";
    /**
     * Tombstone {@code bb:deleted-user:<userId>}, set by identity for longer than an access
     * token lives, so a deleted user's still-valid tokens are refused and late events dropped.
     */
    public static final String DELETED_USER_PREFIX = "bb:deleted-user:";

    private BusNames() {
    }
}
