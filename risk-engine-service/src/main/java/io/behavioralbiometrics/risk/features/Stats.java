package io.behavioralbiometrics.risk.features;

import java.util.Arrays;

/**
 * Summary statistics used by every feature set. Standard deviations are the sample
 * standard deviation (n − 1 denominator, pandas' default, which the original used) and 0
 * for fewer than two values, so a row never contains NaN.
 */
final class Stats {

    private Stats() {
    }

    static double mean(double[] v) {
        if (v.length == 0) {
            return 0;
        }
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }

    static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double mean = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    static double min(double[] v) {
        return v.length == 0 ? 0 : Arrays.stream(v).min().orElseThrow();
    }

    static double max(double[] v) {
        return v.length == 0 ? 0 : Arrays.stream(v).max().orElseThrow();
    }

    static double sum(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum;
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return 0;
        }
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
