package io.behavioralbiometrics.risk.features;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventType;
import java.util.ArrayList;
import java.util.List;

/** A pointer sample: time in milliseconds, position in pixels. */
record MousePoint(double t, double x, double y) {

    /**
     * A jump at least this long that is also faster than {@link #TELEPORT_SPEED} is not a
     * hand movement (the pointer left and re-entered the page, or the recorder lost samples):
     * it ends the current window or action instead of producing an absurd speed.
     */
    static final double TELEPORT_DISTANCE = 400;

    /** Pixels per second; see {@link #TELEPORT_DISTANCE}. */
    static final double TELEPORT_SPEED = 30_000;

    double distanceTo(MousePoint o) {
        return Math.hypot(o.x - x, o.y - y);
    }

    /** Whether the step from this point to {@code next} is a teleport rather than a movement. */
    boolean teleportsTo(MousePoint next) {
        double d = distanceTo(next);
        double dtSeconds = (next.t - t) / 1000.0;
        return d >= TELEPORT_DISTANCE && d / dtSeconds > TELEPORT_SPEED;
    }

    /**
     * Appends a sample, merging it into the previous one when they share a timestamp (a
     * recorder or browser coalescing several moves into one tick): the later position wins,
     * so every kept step has a positive time delta and a finite speed.
     */
    static void append(List<MousePoint> points, MousePoint p) {
        if (!points.isEmpty() && points.getLast().t >= p.t) {
            points.set(points.size() - 1, new MousePoint(points.getLast().t, p.x, p.y));
        } else {
            points.add(p);
        }
    }

    /** The {@code mousemove} samples of cleaned events, with same-time samples merged. */
    static List<MousePoint> moves(List<BehavioralEvent> cleaned) {
        List<MousePoint> points = new ArrayList<>();
        for (BehavioralEvent e : cleaned) {
            if (e.type() == EventType.MOUSEMOVE && e.x() != null && e.y() != null) {
                append(points, new MousePoint(e.t(), e.x(), e.y()));
            }
        }
        return points;
    }
}
