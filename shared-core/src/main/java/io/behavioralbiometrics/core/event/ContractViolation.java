package io.behavioralbiometrics.core.event;

import org.jspecify.annotations.Nullable;

/**
 * A frame that breaks the event contract. {@link #getMessage()} names the offending
 * field ({@code events[3].x: must be a finite number}); {@link #code()} is the
 * machine-readable error code sent back in the error frame.
 */
public final class ContractViolation extends RuntimeException {

    public static final String INVALID_JSON = "invalid_json";
    public static final String INVALID_FRAME = "invalid_frame";
    public static final String TOO_MANY_EVENTS = "too_many_events";

    private final String code;
    private final @Nullable Long seq;

    public ContractViolation(String code, String message, @Nullable Long seq) {
        super(message, null, false, false);
        this.code = code;
        this.seq = seq;
    }

    public String code() {
        return code;
    }

    /** The batch's sequence number when it could be read, so the error frame can name it. */
    public @Nullable Long seq() {
        return seq;
    }
}
