package io.behavioralbiometrics.risk.model;

import java.io.Serial;
import java.util.Arrays;

/**
 * Mean Euclidean distance to the k nearest of the user's own rows: sees points that fall
 * between the user's clusters, where a forest is blind.
 */
record NeighbourDistanceComponent(double[][] reference, int neighbours) implements Component {

    @Serial
    private static final long serialVersionUID = 1L;

    static NeighbourDistanceComponent fit(double[][] z, ModelHyperparameters hp) {
        double[][] reference = evenly(z, hp.referenceRows());
        return new NeighbourDistanceComponent(reference, Math.min(hp.neighbours(), reference.length));
    }

    /** At most {@code max} rows, evenly spaced over time so every period is represented. */
    static double[][] evenly(double[][] z, int max) {
        if (z.length <= max) {
            return z.clone();
        }
        double[][] r = new double[max][];
        for (int i = 0; i < max; i++) {
            r[i] = z[(int) ((long) i * z.length / max)];
        }
        return r;
    }

    @Override
    public double score(double[] z) {
        double[] best = new double[neighbours];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (double[] r : reference) {
            double d = 0;
            for (int j = 0; j < z.length; j++) {
                double diff = z[j] - r[j];
                d += diff * diff;
            }
            if (d < best[neighbours - 1]) {
                int i = neighbours - 1;
                while (i > 0 && best[i - 1] > d) {
                    best[i] = best[i - 1];
                    i--;
                }
                best[i] = d;
            }
        }
        double sum = 0;
        for (double b : best) {
            sum += Math.sqrt(b);
        }
        return sum / neighbours;
    }
}
