package io.behavioralbiometrics.core.event;

/**
 * Bounds the codec enforces on every frame, so a hostile client cannot make a consumer
 * allocate or store without limit.
 *
 * @param maxEventsPerBatch events a batch may carry
 * @param maxCodeLength     length of a key {@code code}
 * @param maxCoordinate     absolute value of {@code x}, {@code y} and {@code dy}
 */
public record EventLimits(int maxEventsPerBatch, int maxCodeLength, double maxCoordinate) {

    public static final EventLimits DEFAULT = new EventLimits(500, 32, 1_000_000);

    public EventLimits {
        if (maxEventsPerBatch < 1) {
            throw new IllegalArgumentException("maxEventsPerBatch must be at least 1");
        }
        if (maxCodeLength < 1) {
            throw new IllegalArgumentException("maxCodeLength must be at least 1");
        }
        if (!(maxCoordinate > 0)) {
            throw new IllegalArgumentException("maxCoordinate must be positive");
        }
    }
}
