package io.behavioralbiometrics.risk.model;

import java.io.Serial;
import smile.anomaly.IsolationForest;
import smile.anomaly.IsolationTree;
import smile.math.MathEx;

/** Smile's Isolation Forest on the user's own rows: isolates values rare in any one feature. */
record IsolationForestComponent(IsolationForest forest) implements Component {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Guards Smile's JVM-wide random state while a forest grows (see {@link #fit}). */
    static final Object SMILE_RANDOM = new Object();

    /**
     * Grows the forest reproducibly: the same rows and seed give the same trees, whatever
     * else the JVM is training at the time. Smile grows trees in a parallel stream, each
     * from the random generator of whichever thread builds it, and draws the split
     * directions' Gaussian numbers from one JVM-wide instance that caches a spare value;
     * models trained side by side therefore came out different. So each tree is grown
     * alone (a one-tree fit runs on the calling thread) right after seeding that thread
     * with the model seed and the tree's index (seeding also clears the shared cache),
     * and forests are grown one at a time in the JVM.
     */
    static IsolationForestComponent fit(double[][] z, ModelHyperparameters hp, long seed) {
        int n = z.length;
        // Smile wants a sampling rate strictly below 1; just below 1 still draws every row.
        double subsample = Math.min(1 - 1e-9, (double) hp.subsampleSize() / n);
        int dimension = z[0].length;
        int extensionLevel = Math.min(hp.extensionLevel(), dimension - 1);
        IsolationForest.Options oneTree = new IsolationForest.Options(1, hp.maxDepth(), subsample, extensionLevel);
        IsolationTree[] trees = new IsolationTree[hp.trees()];
        synchronized (SMILE_RANDOM) {
            for (int t = 0; t < trees.length; t++) {
                MathEx.setSeed(seed * 1_000_003L + t);
                trees[t] = IsolationForest.fit(z, oneTree).trees()[0];
            }
        }
        // Smile normalises path lengths by c(n) of the whole training set; build the forest
        // with c(ψ) (as in Liu et al.) so fold models and the final model share one scale.
        int psi = Math.max(2, (int) Math.round(n * subsample));
        return new IsolationForestComponent(new IsolationForest(psi, dimension, extensionLevel, trees));
    }

    @Override
    public double score(double[] z) {
        return forest.score(z);
    }
}
