package io.behavioralbiometrics.risk.features;

import java.util.ArrayList;
import java.util.List;

/**
 * The original system's six features. A window is 10 consecutive move samples (9 steps),
 * windows do not overlap, and a trailing partial window is dropped. Same-time samples are
 * merged first (see {@link MousePoint#append}), and a teleport restarts the window, so
 * speeds are always finite.
 */
final class BaselineFeatures {

    static final int WINDOW = 10;

    private BaselineFeatures() {
    }

    static List<FeatureWindow> extract(List<MousePoint> moves) {
        List<FeatureWindow> rows = new ArrayList<>();
        List<MousePoint> window = new ArrayList<>(WINDOW);
        for (MousePoint p : moves) {
            if (!window.isEmpty() && window.getLast().teleportsTo(p)) {
                window.clear();
            }
            window.add(p);
            if (window.size() == WINDOW) {
                rows.add(new FeatureWindow(row(window), window.getLast().t()));
                window.clear();
            }
        }
        return rows;
    }

    private static double[] row(List<MousePoint> w) {
        int steps = w.size() - 1;
        double[] speed = new double[steps];
        double[] dt = new double[steps];
        double distance = 0;
        for (int i = 0; i < steps; i++) {
            double d = w.get(i).distanceTo(w.get(i + 1));
            dt[i] = (w.get(i + 1).t() - w.get(i).t()) / 1000.0;
            speed[i] = d / dt[i];
            distance += d;
        }
        return new double[] {
            Stats.mean(speed), Stats.std(speed), Stats.max(speed), Stats.mean(dt), Stats.std(dt), distance
        };
    }
}
