package io.behavioralbiometrics.risk.model;

import java.io.Serial;
import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Session evidence: a one-sided CUSUM over the window z-scores of a whole session,
 * S<sub>t</sub> = max(0, S<sub>t−1</sub> + Φ⁻¹(r<sub>t</sub>) − δ). For the owner the z-scores
 * average 0, so with the drift δ > 0 the sum keeps falling back to 0 however long the session
 * lasts; after a takeover they average well above δ and S grows steadily, so evidence
 * accumulates from the moment of the takeover rather than being diluted by the genuine part
 * of the session (Page 1954).
 *
 * <p>The evidence risk of a value S is the share of the user's own genuine stretches of
 * {@link ModelHyperparameters#sequentialWindows()} windows whose CUSUM never rose above S:
 * replays of the out-of-fold window z-scores, drawn as contiguous blocks so the genuine
 * autocorrelation is kept. An evidence risk of 0.99 is therefore an alarm that about 1% of
 * the user's genuine stretches of that length would raise.
 */
record SequentialTest(double drift, double[] maxQuantiles) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static final int REPLAYS = 2000;
    static final int BLOCK = 10;

    static SequentialTest fit(double[] oofRisk, ModelHyperparameters hp, long seed) {
        int n = oofRisk.length;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = Calibration.z(oofRisk[i]);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int length = hp.sequentialWindows();
        int block = Math.min(BLOCK, n);
        double[] maxima = new double[REPLAYS];
        for (int r = 0; r < REPLAYS; r++) {
            double s = 0;
            double max = 0;
            int t = 0;
            while (t < length) {
                int start = random.nextInt(n - block + 1);
                for (int i = start; i < start + block && t < length; i++, t++) {
                    s = Math.max(0, s + z[i] - hp.sequentialDrift());
                    max = Math.max(max, s);
                }
            }
            maxima[r] = max;
        }
        return new SequentialTest(hp.sequentialDrift(), Calibration.quantiles(maxima, hp.calibrationPoints()));
    }

    double increment(double windowRisk) {
        return Calibration.z(windowRisk) - drift;
    }

    double risk(double state) {
        return Calibration.cdf(maxQuantiles, state);
    }

    boolean consistent() {
        return drift >= 0 && maxQuantiles != null && maxQuantiles.length >= 2;
    }
}
