package io.behavioralbiometrics.core.bus;

import io.behavioralbiometrics.core.event.ContractViolation;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of the {@value BusNames#USER_DELETED_STREAM} stream: the account {@code userId}
 * was erased. Every consumer deletes what it holds of the user (idempotently: an entry may
 * be delivered again, and an admin may erase an already erased user), then records its
 * completion in the hash {@link #statusKey(UUID)} under its {@link #SERVICES} name, and
 * only then acknowledges the entry.
 *
 * @param erasureId   random id of this request; its status hash is named after it
 * @param requestedAt when identity accepted the request
 * @param requestedBy {@code self} or {@code admin}
 */
public record UserDeletion(UUID userId, UUID erasureId, Instant requestedAt, RequestedBy requestedBy) {

    public static final String USER_ID = "userId";
    public static final String ERASURE_ID = "erasureId";
    public static final String REQUESTED_AT = "requestedAt";
    public static final String REQUESTED_BY = "requestedBy";

    public static final String IDENTITY = "identity";
    public static final String EVENT_LOGGER = "event-logger";
    public static final String RISK_ENGINE = "risk-engine";
    /** Services that must report before an erasure is complete, as fields of the status hash. */
    public static final List<String> SERVICES = List.of(IDENTITY, EVENT_LOGGER, RISK_ENGINE);
    /** How long a status hash is kept for polling. */
    public static final Duration STATUS_TTL = Duration.ofDays(30);

    public enum RequestedBy {
        SELF, ADMIN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public UserDeletion {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(erasureId, "erasureId");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(requestedBy, "requestedBy");
    }

    /** The status hash of an erasure. */
    public static String statusKey(UUID erasureId) {
        return BusNames.ERASURE_STATUS_PREFIX + erasureId;
    }

    /** The tombstone of a deleted user. */
    public static String tombstoneKey(UUID userId) {
        return BusNames.DELETED_USER_PREFIX + userId;
    }

    public String statusKey() {
        return statusKey(erasureId);
    }

    /** Stream entry fields; {@code requestedAt} is an ISO-8601 instant. */
    public Map<String, String> toFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(USER_ID, userId.toString());
        fields.put(ERASURE_ID, erasureId.toString());
        fields.put(REQUESTED_AT, requestedAt.toString());
        fields.put(REQUESTED_BY, requestedBy.wireName());
        return fields;
    }

    /**
     * Reads a stream entry.
     *
     * @throws ContractViolation when a field is missing or malformed
     */
    public static UserDeletion fromFields(Map<String, String> fields) {
        for (String name : List.of(USER_ID, ERASURE_ID, REQUESTED_AT, REQUESTED_BY)) {
            if (fields.get(name) == null) {
                throw new ContractViolation(ContractViolation.INVALID_FRAME, name + ": is required", null);
            }
        }
        try {
            return new UserDeletion(
                    UUID.fromString(fields.get(USER_ID)),
                    UUID.fromString(fields.get(ERASURE_ID)),
                    Instant.parse(fields.get(REQUESTED_AT)),
                    RequestedBy.valueOf(fields.get(REQUESTED_BY).toUpperCase(Locale.ROOT)));
        } catch (RuntimeException e) {
            throw new ContractViolation(ContractViolation.INVALID_FRAME,
                    "entry: malformed field (" + e.getMessage() + ")", null);
        }
    }
}
