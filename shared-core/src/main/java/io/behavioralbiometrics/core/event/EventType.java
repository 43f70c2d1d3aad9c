package io.behavioralbiometrics.core.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The kinds of input event the SDK captures, with their wire names. */
public enum EventType {
    MOUSEMOVE("mousemove"),
    MOUSEDOWN("mousedown"),
    MOUSEUP("mouseup"),
    CLICK("click"),
    WHEEL("wheel"),
    KEYDOWN("keydown"),
    KEYUP("keyup");

    private static final Map<String, EventType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isPointer() {
        return this == MOUSEMOVE || this == MOUSEDOWN || this == MOUSEUP || this == CLICK;
    }

    public boolean isButton() {
        return this == MOUSEDOWN || this == MOUSEUP || this == CLICK;
    }

    public boolean isKey() {
        return this == KEYDOWN || this == KEYUP;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", "));
    }
}
