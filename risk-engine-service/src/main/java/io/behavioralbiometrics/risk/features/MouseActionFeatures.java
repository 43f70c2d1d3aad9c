package io.behavioralbiometrics.risk.features;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Mouse actions and their features, after Ahmed &amp; Traore (2007, action types, direction,
 * speed against distance), Shen et al. (2012, click dwell time) and Antal &amp;
 * Egyed-Zsigmond (2019, per-action kinematics on the Balabit data).
 *
 * <p>Segmentation: a movement (MM) is a run of moves ended by a pause longer than
 * {@link #PAUSE_MS}, a teleport, a wheel event or the end of the stream; a movement that ends
 * in a button press and release is a point-click (PC); one with moves while the button is
 * held is a drag-drop (DD). {@code click} events are ignored because the DOM fires them right
 * after {@code mouseup}, which already carries the timing. Actions with fewer than
 * {@link #MIN_POINTS} samples or a path shorter than {@link #MIN_DISTANCE} pixels are skipped.
 *
 * <p>Per step i (between samples i−1 and i, dt &gt; 0 guaranteed by merging same-time
 * samples): vx, vy (px/s), v = |(vx, vy)|, direction θ = atan2(dy, dx) in screen
 * coordinates, angular velocity ω = Δθ/dt (Δθ wrapped to (−π, π]), curvature c = Δθ/Δs
 * with Δs the mean length of the two steps, acceleration a = Δv/dt, jerk = Δa/dt. Each
 * series contributes mean, sample std, min and max.
 */
final class MouseActionFeatures {

    static final int MIN_POINTS = 4;
    static final double MIN_DISTANCE = 5;
    /** A gap between moves longer than this ends a movement. */
    static final double PAUSE_MS = 1000;
    /** A gap longer than this inside an action counts as a pause. */
    static final double INNER_PAUSE_MS = 100;
    /** |Δθ|/Δs above this (rad/px, a turn radius under 20 px) makes a critical point. */
    static final double CRITICAL_CURVATURE = 0.05;
    /** Idle time before an action is capped: beyond it, the user was simply away. */
    static final double MAX_IDLE_S = 10;

    static final int TYPE_MOVE = 0;
    static final int TYPE_POINT_CLICK = 1;
    static final int TYPE_DRAG_DROP = 2;

    static final List<String> NAMES = names();

    private MouseActionFeatures() {
    }

    private static List<String> names() {
        List<String> n = new ArrayList<>(List.of(
                "isPointClick", "isDragDrop", "duration", "distance", "straightness", "numPoints",
                "sumOfAngles", "largestDeviation", "criticalPoints", "directionSin", "directionCos"));
        for (String series : List.of("vx", "vy", "v", "a", "jerk", "omega", "curvature")) {
            for (String stat : List.of("Mean", "Std", "Min", "Max")) {
                n.add(series + stat);
            }
        }
        n.addAll(List.of("accelerationTimeAtStart", "pauses", "timeToClick", "clickDwell", "idleBefore"));
        return List.copyOf(n);
    }

    /** A segmented action: its samples and, for PC/DD, button times (ms). */
    record Action(int type, List<MousePoint> points, double downT, double upT, double idleBeforeMs) {
    }

    static List<FeatureWindow> extract(List<BehavioralEvent> cleaned) {
        List<FeatureWindow> rows = new ArrayList<>();
        for (Action a : segment(cleaned)) {
            double[] row = features(a);
            if (row != null) {
                rows.add(new FeatureWindow(row, Double.isNaN(a.upT()) ? a.points().getLast().t() : a.upT()));
            }
        }
        return rows;
    }

    static List<Action> segment(List<BehavioralEvent> cleaned) {
        List<Action> actions = new ArrayList<>();
        List<MousePoint> current = new ArrayList<>();
        double lastT = Double.NaN; // time of the last pointer event seen
        double idleBefore = 0;
        boolean down = false;
        boolean dragged = false;
        double downT = Double.NaN;
        for (BehavioralEvent e : cleaned) {
            switch (e.type()) {
                case MOUSEMOVE -> {
                    MousePoint p = new MousePoint(e.t(), e.x(), e.y());
                    if (!current.isEmpty() && !down
                            && (p.t() - current.getLast().t() > PAUSE_MS || current.getLast().teleportsTo(p))) {
                        actions.add(new Action(TYPE_MOVE, current, Double.NaN, Double.NaN, idleBefore));
                        current = new ArrayList<>();
                    }
                    if (current.isEmpty()) {
                        idleBefore = Double.isNaN(lastT) ? 0 : p.t() - lastT;
                    }
                    if (down && !current.isEmpty() && current.getLast().teleportsTo(p)) {
                        // A drag cannot teleport; keep the drag but do not add the jump.
                        lastT = e.t();
                        continue;
                    }
                    MousePoint.append(current, p);
                    dragged |= down;
                    lastT = e.t();
                }
                case MOUSEDOWN -> {
                    if (!current.isEmpty() && e.t() - current.getLast().t() > PAUSE_MS) {
                        actions.add(new Action(TYPE_MOVE, current, Double.NaN, Double.NaN, idleBefore));
                        current = new ArrayList<>();
                    }
                    if (current.isEmpty()) {
                        idleBefore = Double.isNaN(lastT) ? 0 : e.t() - lastT;
                    }
                    down = true;
                    dragged = false;
                    downT = e.t();
                    lastT = e.t();
                }
                case MOUSEUP -> {
                    if (down) {
                        actions.add(new Action(dragged ? TYPE_DRAG_DROP : TYPE_POINT_CLICK, current,
                                downT, e.t(), idleBefore));
                        current = new ArrayList<>();
                    }
                    down = false;
                    dragged = false;
                    lastT = e.t();
                }
                case WHEEL -> {
                    if (!current.isEmpty() && !down) {
                        actions.add(new Action(TYPE_MOVE, current, Double.NaN, Double.NaN, idleBefore));
                        current = new ArrayList<>();
                    }
                    lastT = e.t();
                }
                default -> {
                    // click repeats mouseup; key events belong to the keystroke set.
                }
            }
        }
        if (!current.isEmpty() && !down) {
            actions.add(new Action(TYPE_MOVE, current, Double.NaN, Double.NaN, idleBefore));
        }
        return actions;
    }

    static double @org.jspecify.annotations.Nullable [] features(Action action) {
        List<MousePoint> p = action.points();
        int n = p.size();
        if (n < MIN_POINTS) {
            return null;
        }
        int steps = n - 1;
        double[] dt = new double[steps];
        double[] ds = new double[steps];
        double[] vx = new double[steps];
        double[] vy = new double[steps];
        double[] v = new double[steps];
        double[] theta = new double[steps];
        double path = 0;
        for (int i = 0; i < steps; i++) {
            MousePoint a = p.get(i);
            MousePoint b = p.get(i + 1);
            dt[i] = (b.t() - a.t()) / 1000.0;
            double dx = b.x() - a.x();
            double dy = b.y() - a.y();
            ds[i] = Math.hypot(dx, dy);
            vx[i] = dx / dt[i];
            vy[i] = dy / dt[i];
            v[i] = ds[i] / dt[i];
            // A step without displacement has no direction: it keeps the previous one.
            theta[i] = ds[i] > 0 ? Math.atan2(dy, dx) : (i > 0 ? theta[i - 1] : Double.NaN);
            path += ds[i];
        }
        if (path < MIN_DISTANCE) {
            return null;
        }
        // Leading zero-length steps: take the first defined direction.
        double firstTheta = Double.NaN;
        for (double th : theta) {
            if (!Double.isNaN(th)) {
                firstTheta = th;
                break;
            }
        }
        for (int i = 0; i < steps && Double.isNaN(theta[i]); i++) {
            theta[i] = firstTheta;
        }

        double[] a = new double[steps - 1];
        double[] omega = new double[steps - 1];
        double[] curvature = new double[steps - 1];
        double sumOfAngles = 0;
        int critical = 0;
        for (int i = 1; i < steps; i++) {
            double dTheta = wrap(theta[i] - theta[i - 1]);
            a[i - 1] = (v[i] - v[i - 1]) / dt[i];
            omega[i - 1] = dTheta / dt[i];
            double meanStep = (ds[i] + ds[i - 1]) / 2;
            curvature[i - 1] = meanStep > 0 ? dTheta / meanStep : 0;
            sumOfAngles += dTheta;
            if (Math.abs(curvature[i - 1]) > CRITICAL_CURVATURE) {
                critical++;
            }
        }
        double[] jerk = new double[Math.max(0, a.length - 1)];
        for (int i = 1; i < a.length; i++) {
            jerk[i - 1] = (a[i] - a[i - 1]) / dt[i + 1];
        }

        MousePoint first = p.getFirst();
        MousePoint last = p.getLast();
        double chord = first.distanceTo(last);
        double direction = Math.atan2(last.y() - first.y(), last.x() - first.x());
        double accelerationTime = 0;
        for (int i = 0; i < a.length && a[i] > 0; i++) {
            accelerationTime += dt[i + 1];
        }
        int pauses = 0;
        for (double d : dt) {
            if (d * 1000 > INNER_PAUSE_MS) {
                pauses++;
            }
        }
        boolean clicked = action.type() != TYPE_MOVE;
        double timeToClick = clicked ? Math.max(0, action.downT() - lastMoveBefore(p, action.downT())) / 1000.0 : 0;
        double dwell = clicked ? (action.upT() - action.downT()) / 1000.0 : 0;

        double[] row = new double[NAMES.size()];
        int k = 0;
        row[k++] = action.type() == TYPE_POINT_CLICK ? 1 : 0;
        row[k++] = action.type() == TYPE_DRAG_DROP ? 1 : 0;
        row[k++] = (last.t() - first.t()) / 1000.0;
        row[k++] = path;
        row[k++] = Math.min(1, chord / path);
        row[k++] = n;
        row[k++] = sumOfAngles;
        row[k++] = largestDeviation(p);
        row[k++] = critical;
        row[k++] = chord > 0 ? Math.sin(direction) : 0;
        row[k++] = chord > 0 ? Math.cos(direction) : 0;
        for (double[] series : new double[][] {vx, vy, v, a, jerk, omega, curvature}) {
            row[k++] = Stats.mean(series);
            row[k++] = Stats.std(series);
            row[k++] = Stats.min(series);
            row[k++] = Stats.max(series);
        }
        row[k++] = accelerationTime;
        row[k++] = pauses;
        row[k++] = timeToClick;
        row[k++] = dwell;
        row[k] = Math.min(MAX_IDLE_S, action.idleBeforeMs() / 1000.0);
        return row;
    }

    private static double lastMoveBefore(List<MousePoint> p, double t) {
        double before = p.getFirst().t();
        for (MousePoint q : p) {
            if (q.t() <= t) {
                before = q.t();
            }
        }
        return before;
    }

    /** Largest perpendicular distance of a sample from the start-to-end line (px). */
    static double largestDeviation(List<MousePoint> p) {
        MousePoint s = p.getFirst();
        MousePoint e = p.getLast();
        double lx = e.x() - s.x();
        double ly = e.y() - s.y();
        double len = Math.hypot(lx, ly);
        double max = 0;
        for (MousePoint q : p) {
            double d = len > 0
                    ? Math.abs(lx * (q.y() - s.y()) - ly * (q.x() - s.x())) / len
                    : s.distanceTo(q);
            max = Math.max(max, d);
        }
        return max;
    }

    static double wrap(double angle) {
        double w = angle % (2 * Math.PI);
        if (w > Math.PI) {
            w -= 2 * Math.PI;
        } else if (w <= -Math.PI) {
            w += 2 * Math.PI;
        }
        return w;
    }
}
