package io.behavioralbiometrics.risk.features;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Puts a raw event list in a state every feature set can rely on. Events may arrive out of
 * order (batches re-sent after a reconnect) or twice (at-least-once delivery), and recorded
 * data sets contain placeholder coordinates.
 */
final class EventCleaner {

    /**
     * Coordinates beyond this are recorder placeholders (Balabit logs 65535-like values when
     * the pointer leaves the remote desktop), not positions: such points are dropped.
     */
    static final double MAX_COORDINATE = 10_000;

    private EventCleaner() {
    }

    /**
     * Drops events with a non-finite time and pointer events with missing, non-finite or
     * placeholder coordinates, sorts by time (stable, so same-time events keep their order)
     * and drops exact duplicates.
     */
    static List<BehavioralEvent> clean(List<BehavioralEvent> events) {
        List<BehavioralEvent> kept = new ArrayList<>(events.size());
        for (BehavioralEvent e : events) {
            if (!Double.isFinite(e.t())) {
                continue;
            }
            if (e.type().isPointer() && !validPosition(e)) {
                continue;
            }
            kept.add(e);
        }
        kept.sort(Comparator.comparingDouble(BehavioralEvent::t));
        return new ArrayList<>(new LinkedHashSet<>(kept));
    }

    private static boolean validPosition(BehavioralEvent e) {
        Double x = e.x();
        Double y = e.y();
        if (x == null || y == null) {
            // Button events without a position still carry timing; moves without one carry nothing.
            return e.type() != io.behavioralbiometrics.core.event.EventType.MOUSEMOVE;
        }
        return Double.isFinite(x) && Double.isFinite(y)
                && Math.abs(x) <= MAX_COORDINATE && Math.abs(y) <= MAX_COORDINATE;
    }
}
