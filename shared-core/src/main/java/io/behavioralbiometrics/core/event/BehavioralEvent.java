package io.behavioralbiometrics.core.event;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One input event. {@code t} is client time in epoch milliseconds (sub-millisecond
 * precision). Which of the optional fields are present depends on the type: pointer
 * events carry {@code x}/{@code y}, button events also {@code button}, {@code wheel}
 * carries {@code dy}, key events carry {@code code} ({@value #MASKED_CODE} inside
 * sensitive fields). The {@link EventCodec} enforces those rules on the wire.
 */
public record BehavioralEvent(
        EventType type,
        double t,
        @Nullable Double x,
        @Nullable Double y,
        @Nullable Integer button,
        @Nullable Double dy,
        @Nullable String code) {

    /** Key code the SDK sends for keys typed in password and other sensitive fields. */
    public static final String MASKED_CODE = "*";

    public BehavioralEvent {
        Objects.requireNonNull(type, "type");
    }

    public static BehavioralEvent mouseMove(double t, double x, double y) {
        return new BehavioralEvent(EventType.MOUSEMOVE, t, x, y, null, null, null);
    }

    public static BehavioralEvent button(EventType type, double t, double x, double y, int button) {
        if (!type.isButton()) {
            throw new IllegalArgumentException(type + " is not a button event");
        }
        return new BehavioralEvent(type, t, x, y, button, null, null);
    }

    public static BehavioralEvent wheel(double t, double dy) {
        return new BehavioralEvent(EventType.WHEEL, t, null, null, null, dy, null);
    }

    public static BehavioralEvent key(EventType type, double t, String code) {
        if (!type.isKey()) {
            throw new IllegalArgumentException(type + " is not a key event");
        }
        return new BehavioralEvent(type, t, null, null, null, null, code);
    }

    public boolean isMasked() {
        return MASKED_CODE.equals(code);
    }
}
