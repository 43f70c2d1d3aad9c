package io.behavioralbiometrics.core.bus;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.ContractViolation;
import io.behavioralbiometrics.core.event.EventCodec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of the {@value BusNames#EVENTS_STREAM} stream: an accepted batch with the
 * authenticated user and the server's receive time. The same fields are published on
 * the live channel as JSON.
 */
public record IngestedBatch(UUID userId, UUID sessionId, long seq, Instant receivedAt, List<BehavioralEvent> events) {

    public static final String USER_ID = "userId";
    public static final String SESSION_ID = "sessionId";
    public static final String SEQ = "seq";
    public static final String RECEIVED_AT = "receivedAt";
    public static final String EVENTS = "events";

    public IngestedBatch {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        events = List.copyOf(events);
    }

    /** Stream entry fields; {@code receivedAt} is epoch milliseconds. */
    public Map<String, String> toFields(EventCodec codec) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(USER_ID, userId.toString());
        fields.put(SESSION_ID, sessionId.toString());
        fields.put(SEQ, Long.toString(seq));
        fields.put(RECEIVED_AT, Long.toString(receivedAt.toEpochMilli()));
        fields.put(EVENTS, codec.encodeEvents(events));
        return fields;
    }

    /**
     * Reads a stream entry, validating it as strictly as the ingestor validated the frame.
     *
     * @throws ContractViolation when the entry cannot be read (a poison entry)
     */
    public static IngestedBatch fromFields(Map<String, String> fields, EventCodec codec) {
        for (String name : List.of(USER_ID, SESSION_ID, SEQ, RECEIVED_AT, EVENTS)) {
            if (fields.get(name) == null) {
                throw new ContractViolation(ContractViolation.INVALID_FRAME, name + ": is required", null);
            }
        }
        try {
            return new IngestedBatch(
                    UUID.fromString(fields.get(USER_ID)),
                    UUID.fromString(fields.get(SESSION_ID)),
                    Long.parseLong(fields.get(SEQ)),
                    Instant.ofEpochMilli(Long.parseLong(fields.get(RECEIVED_AT))),
                    codec.decodeEvents(fields.get(EVENTS)));
        } catch (IllegalArgumentException e) {
            throw new ContractViolation(ContractViolation.INVALID_FRAME,
                    "entry: malformed field (" + e.getMessage() + ")", null);
        }
    }
}
