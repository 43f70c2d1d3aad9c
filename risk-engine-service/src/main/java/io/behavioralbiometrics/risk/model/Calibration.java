package io.behavioralbiometrics.risk.model;

import java.util.Arrays;
import smile.math.special.Erf;

/** Empirical distributions and the normal scale every model component is calibrated on. */
final class Calibration {

    /** Risks are kept this far from 0 and 1 before the probit transform. */
    static final double RISK_EPSILON = 1e-4;

    private Calibration() {
    }

    /** {@code points} evenly spaced quantiles of {@code values} (including min and max). */
    static double[] quantiles(double[] values, int points) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int p = Math.min(points, sorted.length);
        double[] q = new double[Math.max(p, 2)];
        for (int i = 0; i < q.length; i++) {
            double pos = (double) i * (sorted.length - 1) / (q.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(lo + 1, sorted.length - 1);
            q[i] = sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
        }
        return q;
    }

    /** Empirical CDF at {@code x} from evenly spaced quantiles, linear in between. */
    static double cdf(double[] q, double x) {
        if (x <= q[0]) {
            return x < q[0] ? 0 : lastIndexOf(q, q[0]) / (2.0 * (q.length - 1));
        }
        if (x >= q[q.length - 1]) {
            return 1;
        }
        int lo = 0;
        int hi = q.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (q[mid] <= x) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double width = q[hi] - q[lo];
        double frac = width > 0 ? (x - q[lo]) / width : 0.5;
        return (lo + frac) / (q.length - 1);
    }

    private static int lastIndexOf(double[] q, double value) {
        int i = 0;
        while (i + 1 < q.length && q[i + 1] == value) {
            i++;
        }
        return i;
    }

    /** Standard normal quantile of a risk, clamped away from 0 and 1. */
    static double z(double risk) {
        return probit(Math.clamp(risk, RISK_EPSILON, 1 - RISK_EPSILON));
    }

    static double phi(double x) {
        return 0.5 * Erf.erfc(-x / Math.sqrt(2));
    }

    static double probit(double p) {
        return -Math.sqrt(2) * Erf.inverfc(2 * p);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static double std(double[] v, double m) {
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    /** Bounds of contiguous fold {@code f} of {@code folds} over {@code n} rows: {from, to}. */
    static int[] fold(int n, int folds, int f) {
        return new int[] {(int) ((long) n * f / folds), (int) ((long) n * (f + 1) / folds)};
    }

    /** Rows outside {@code [from, to)}. */
    static double[][] without(double[][] rows, int from, int to) {
        double[][] rest = new double[rows.length - (to - from)][];
        System.arraycopy(rows, 0, rest, 0, from);
        System.arraycopy(rows, to, rest, from, rows.length - to);
        return rest;
    }
}
