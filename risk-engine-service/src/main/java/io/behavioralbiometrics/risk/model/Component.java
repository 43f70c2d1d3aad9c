package io.behavioralbiometrics.risk.model;

import java.io.Serializable;

/**
 * One scorer of a user's ensemble, fitted on standardised rows: higher scores mean less
 * like the user. Each component is calibrated by the ensemble on its own out-of-fold scores
 * of the user's rows, so components with different scales add on one scale.
 */
sealed interface Component extends Serializable
        permits IsolationForestComponent, NeighbourDistanceComponent, BackgroundForestComponent {

    double score(double[] z);

    /** A component fitted on all rows, with each row's score from a fit that did not see it. */
    record Fitted(Component component, double[] outOfFold) {
    }

    /** Fits a one-class component on the rows it is given. */
    @FunctionalInterface
    interface OneClassFitter {
        Component fit(double[][] z, long seed);
    }

    /**
     * Fits {@code fitter} on all rows, and on each contiguous fold's complement for that fold's
     * out-of-fold scores (contiguous, so the held-out fold is later behaviour the fold model did
     * not see, as live data will be).
     */
    static Fitted outOfFold(double[][] z, int folds, long seed, OneClassFitter fitter) {
        double[] oof = new double[z.length];
        for (int f = 0; f < folds; f++) {
            int[] range = Calibration.fold(z.length, folds, f);
            Component foldModel = fitter.fit(Calibration.without(z, range[0], range[1]), seed + 1 + f);
            for (int i = range[0]; i < range[1]; i++) {
                oof[i] = foldModel.score(z[i]);
            }
        }
        return new Fitted(fitter.fit(z, seed), oof);
    }
}
