package io.behavioralbiometrics.risk.model;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Calibration of the block distribution test (see {@link UserModel}): per-feature
 * quantiles of the training rows, and for each block size n the out-of-fold mean and
 * standard deviation of W² and of the combined score (NaN where too few out-of-fold blocks
 * of that size existed; such sessions use Stouffer alone).
 */
final class BlockTest implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Fewest out-of-fold blocks of one size needed to calibrate that size. */
    static final int MIN_BLOCKS = 10;

    private final double weight;
    private final double[][] featureQuantiles;
    private final double[] statisticMean;
    private final double[] statisticStd;
    private final double[] combinedMean;
    private final double[] combinedStd;

    private BlockTest(double weight, double[][] featureQuantiles, double[] statisticMean, double[] statisticStd,
            double[] combinedMean, double[] combinedStd) {
        this.weight = weight;
        this.featureQuantiles = featureQuantiles;
        this.statisticMean = statisticMean;
        this.statisticStd = statisticStd;
        this.combinedMean = combinedMean;
        this.combinedStd = combinedStd;
    }

    /**
     * Calibrates on the user's standardised rows {@code z} with their out-of-fold window
     * risks: each contiguous fold's rows are transformed with the other folds' feature
     * distributions and cut into non-overlapping blocks of every size 2..k.
     */
    static BlockTest fit(double[][] z, double[] oofRisk, double inflation, ModelHyperparameters hp) {
        int n = z.length;
        int d = z[0].length;
        int folds = hp.calibrationFolds();
        double[][] u = new double[n][];
        for (int f = 0; f < folds; f++) {
            int from = (int) ((long) n * f / folds);
            int to = (int) ((long) n * (f + 1) / folds);
            double[][] others = new double[n - (to - from)][];
            System.arraycopy(z, 0, others, 0, from);
            System.arraycopy(z, to, others, from, n - to);
            double[][] q = featureQuantiles(others, hp.calibrationPoints());
            for (int i = from; i < to; i++) {
                u[i] = transform(q, z[i]);
            }
        }
        int k = hp.sessionWindows();
        double[] sMean = nans(k + 1);
        double[] sStd = nans(k + 1);
        double[] cMean = nans(k + 1);
        double[] cStd = nans(k + 1);
        for (int size = 2; size <= k; size++) {
            List<double[]> blocks = new java.util.ArrayList<>(); // {stouffer z, W²}
            for (int f = 0; f < folds; f++) {
                int from = (int) ((long) n * f / folds);
                int to = (int) ((long) n * (f + 1) / folds);
                for (int b = from; b + size <= to; b += size) {
                    blocks.add(new double[] {
                        UserModel.stoufferZ(Arrays.copyOfRange(oofRisk, b, b + size), inflation),
                        statistic(Arrays.copyOfRange(u, b, b + size), d)});
                }
            }
            if (blocks.size() < MIN_BLOCKS) {
                continue;
            }
            double[] w2 = blocks.stream().mapToDouble(b -> b[1]).toArray();
            sMean[size] = Calibration.mean(w2);
            sStd[size] = Math.max(1e-9, Calibration.std(w2, sMean[size]));
            double[] combined = new double[blocks.size()];
            for (int i = 0; i < combined.length; i++) {
                double[] b = blocks.get(i);
                combined[i] = (1 - hp.blockWeight()) * b[0] + hp.blockWeight() * (b[1] - sMean[size]) / sStd[size];
            }
            cMean[size] = Calibration.mean(combined);
            cStd[size] = Math.max(1e-9, Calibration.std(combined, cMean[size]));
        }
        return new BlockTest(hp.blockWeight(), featureQuantiles(z, hp.calibrationPoints()), sMean, sStd, cMean,
                cStd);
    }

    boolean covers(int size) {
        return size < combinedMean.length && !Double.isNaN(combinedMean[size]);
    }

    /** Session risk of standardised rows {@code z} whose window risks combine to {@code stouffer}. */
    double risk(double stouffer, double[][] z) {
        int size = z.length;
        double[][] u = new double[size][];
        for (int i = 0; i < size; i++) {
            u[i] = transform(featureQuantiles, z[i]);
        }
        double w2 = (statistic(u, featureQuantiles.length) - statisticMean[size]) / statisticStd[size];
        double combined = (1 - weight) * stouffer + weight * w2;
        return Calibration.phi((combined - combinedMean[size]) / combinedStd[size]);
    }

    boolean consistent(int dimension, int k) {
        return featureQuantiles != null && featureQuantiles.length == dimension && statisticMean != null
                && statisticMean.length == k + 1 && statisticStd != null && statisticStd.length == k + 1
                && combinedMean != null && combinedMean.length == k + 1 && combinedStd != null
                && combinedStd.length == k + 1 && weight > 0 && weight <= 1;
    }

    /** Cramér–von Mises W² of each feature's transformed values against uniform, summed over features. */
    static double statistic(double[][] u, int d) {
        int size = u.length;
        double[] column = new double[size];
        double sum = 0;
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < size; i++) {
                column[i] = u[i][j];
            }
            Arrays.sort(column);
            for (int i = 0; i < size; i++) {
                double diff = column[i] - (2.0 * i + 1) / (2.0 * size);
                sum += diff * diff;
            }
            sum += 1.0 / (12.0 * size);
        }
        return sum;
    }

    /** Per feature (row j), {@code points} evenly spaced quantiles of that column of {@code z}. */
    static double[][] featureQuantiles(double[][] z, int points) {
        int d = z[0].length;
        double[][] q = new double[d][];
        double[] column = new double[z.length];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < z.length; i++) {
                column[i] = z[i][j];
            }
            q[j] = Calibration.quantiles(column, points);
        }
        return q;
    }

    static double[] transform(double[][] featureQuantiles, double[] z) {
        double[] u = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            u[j] = midCdf(featureQuantiles[j], z[j]);
        }
        return u;
    }

    /**
     * Empirical CDF from evenly spaced quantiles with ties at their mid-rank: a value that
     * equals a run of quantiles (a binary or count feature) maps to the middle of the run, so
     * the genuine user's values stay centred rather than piling up at one end.
     */
    static double midCdf(double[] q, double x) {
        int last = q.length - 1;
        if (x < q[0]) {
            return 0;
        }
        if (x > q[last]) {
            return 1;
        }
        int firstAtLeast = lowerBound(q, x);
        int lastAtMost = lowerBound(q, Math.nextUp(x)) - 1;
        if (firstAtLeast <= lastAtMost) {
            return (firstAtLeast + lastAtMost) / (2.0 * last);
        }
        int lo = lastAtMost;
        int hi = firstAtLeast;
        return (lo + (x - q[lo]) / (q[hi] - q[lo])) / last;
    }

    /** First index whose value is at least {@code x} (q sorted). */
    private static int lowerBound(double[] q, double x) {
        int lo = 0;
        int hi = q.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (q[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double[] nans(int length) {
        double[] a = new double[length];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
