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
    /** Announces an erased account so every service deletes what it holds of the user. */
    public static final String USER_DELETED_CHANNEL = "bb:user-deleted";

    private BusNames() {
    }
}
