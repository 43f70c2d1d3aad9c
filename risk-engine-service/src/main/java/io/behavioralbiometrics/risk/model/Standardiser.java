package io.behavioralbiometrics.risk.model;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * Log-compression and standardisation with the user's own training mean and standard
 * deviation: the one place rows are put on the scale every component works on.
 */
record Standardiser(double[] mean, double[] std) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static Standardiser fit(List<double[]> rows) {
        int n = rows.size();
        int d = rows.getFirst().length;
        double[] mean = new double[d];
        double[] std = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += compress(r[j]) / n;
            }
        }
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                double c = compress(r[j]) - mean[j];
                std[j] += c * c / (n - 1);
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j]);
            // A feature that never varied for this user cannot be scaled; leave it in its units.
            if (!(std[j] > 1e-12)) {
                std[j] = 1;
            }
        }
        return new Standardiser(mean, std);
    }

    int dimension() {
        return mean.length;
    }

    double[] apply(double[] row) {
        double[] z = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            z[j] = (compress(row[j]) - mean[j]) / std[j];
        }
        return z;
    }

    double[][] apply(List<double[]> rows) {
        return rows.stream().map(this::apply).toArray(double[][]::new);
    }

    /**
     * sign(x)·ln(1 + |x|): kinematic features (speeds, accelerations, jerks, durations) are
     * heavy-tailed, and one extreme value would otherwise dominate a standardised distance.
     * Monotone, so the forests' axis splits are barely affected; values in [−1, 1] change little.
     */
    static double compress(double x) {
        return Math.copySign(Math.log1p(Math.abs(x)), x);
    }

    boolean consistent(int d) {
        return mean != null && std != null && mean.length > 0 && mean.length == std.length && (d <= 0 || d == mean.length);
    }
}
