package io.behavioralbiometrics.risk.model;

import io.behavioralbiometrics.risk.features.FeatureSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import smile.anomaly.IsolationForest;
import smile.anomaly.IsolationTree;
import smile.math.MathEx;
import smile.math.special.Erf;

/**
 * One user's immutable one-class model: rows are log-compressed ({@link #compress}) and
 * standardised with the user's training mean and standard deviation, scored by an ensemble of a Smile {@link IsolationForest} and
 * the mean distance to the k nearest training rows, and calibrated against the user's own
 * out-of-fold training scores.
 *
 * <p><b>Why an ensemble.</b> A forest isolates points that are rare in any single feature
 * quickly but is blind inside the bounding box of the training data; a nearest-neighbour
 * distance sees points that fall between the user's clusters. Each component is first
 * turned into a percentile of its own out-of-fold scores, so they add on one scale;
 * {@link ModelHyperparameters#forestWeight()} 1 gives the forest alone.
 *
 * <p><b>Calibration.</b> The training rows are cut into contiguous folds (contiguous, so the
 * held-out fold is later behaviour the models did not see, as live data will be); each fold
 * is scored by models fitted on the others. The window risk is the empirical CDF of these
 * out-of-fold scores, so for the genuine user it is close to uniform on [0, 1] (median 0.5,
 * 99th percentile 0.99) whatever the user's variability: a risk means the same for everyone.
 *
 * <p><b>Session risk.</b> The last k window risks are combined with Stouffer's method:
 * z<sub>i</sub> = Φ⁻¹(r<sub>i</sub>), risk = Φ(Σz / √(n·ρ)). For independent genuine windows
 * this is again uniform, so the same thresholds apply to windows and sessions, while k
 * consistently odd windows push it towards 1 much faster than a plain mean of risks would.
 * Consecutive windows are not independent (a user's mood or task lasts); ρ ≥ 1, the variance
 * inflation of sums of k consecutive out-of-fold z-scores measured on the training data,
 * corrects for that so genuine sessions are not over-flagged.
 *
 * <p><b>Block distribution test.</b> Stouffer only asks whether each window is individually
 * unusual; an impostor whose every action is plausible on its own still moves differently
 * <em>as a whole</em> (every turn a little sharper, every pause a little longer). Each feature
 * of the n ≥ 2 session rows is mapped through the user's training distribution of that
 * feature (probability integral transform, mid-rank for ties); for the genuine user these
 * values are close to uniform, and the Cramér–von Mises statistic
 * W² = Σ<sub>i</sub> (u<sub>(i)</sub> − (2i − 1)/2n)² + 1/12n, summed over features, measures how
 * far they are from it. W² is standardised with the mean and standard deviation of the same
 * statistic on out-of-fold genuine blocks of n rows, added to the Stouffer z with weight
 * {@link ModelHyperparameters#blockWeight()}, and the sum is standardised again on those
 * out-of-fold blocks, so the session risk stays calibrated (about uniform for the genuine
 * user). It is a one-class test: only the user's own rows are used.
 */
public final class UserModel implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Window risks are kept this far from 0 and 1 before the probit transform. */
    private static final double RISK_EPSILON = 1e-4;

    private final FeatureSet featureSet;
    private final String featureVersion;
    private final ModelHyperparameters hyperparameters;
    private final int trainingRows;
    private final double[] mean;
    private final double[] std;
    private final Scorer scorer;
    private final double[] combinedQuantiles;
    private final double sessionInflation;
    /**
     * The block test's calibration; null in models stored before it existed and when
     * blockWeight is 0 (session risk is then the Stouffer combination alone).
     */
    private final @org.jspecify.annotations.Nullable BlockTest blockTest;

    private UserModel(FeatureSet featureSet, ModelHyperparameters hp, int trainingRows, double[] mean,
            double[] std, Scorer scorer, double[] combinedQuantiles, double sessionInflation,
            @org.jspecify.annotations.Nullable BlockTest blockTest) {
        this.featureSet = featureSet;
        this.featureVersion = featureSet.version();
        this.hyperparameters = hp;
        this.trainingRows = trainingRows;
        this.mean = mean;
        this.std = std;
        this.scorer = scorer;
        this.combinedQuantiles = combinedQuantiles;
        this.sessionInflation = sessionInflation;
        this.blockTest = blockTest;
    }

    /**
     * Fits a model on one user's feature rows (in time order).
     *
     * @throws IllegalArgumentException when there are fewer than
     *     {@link ModelHyperparameters#minTrainingRows()} rows, or a row has the wrong width or a
     *     non-finite value
     */
    public static UserModel fit(FeatureSet set, List<double[]> rows, ModelHyperparameters hp) {
        if (rows.size() < hp.minTrainingRows()) {
            throw new IllegalArgumentException("at least " + hp.minTrainingRows() + " " + set.version()
                    + " feature rows are needed to train, got " + rows.size());
        }
        // A fixed-text model takes the width of its first row; every row must match it.
        int d = set.dimension() > 0 ? set.dimension() : rows.getFirst().length;
        for (int i = 0; i < rows.size(); i++) {
            double[] row = rows.get(i);
            if (row.length != d) {
                throw new IllegalArgumentException("rows[" + i + "]: expected " + d + " features, got " + row.length);
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("rows[" + i + "]: features must be finite numbers");
                }
            }
        }
        double[] mean = new double[d];
        double[] std = new double[d];
        standardisation(rows, mean, std);
        double[][] z = rows.stream().map(r -> standardise(r, mean, std)).toArray(double[][]::new);

        int n = z.length;
        int folds = hp.calibrationFolds();
        double[] oofForest = new double[n];
        double[] oofNeighbours = new double[n];
        for (int f = 0; f < folds; f++) {
            int from = (int) ((long) n * f / folds);
            int to = (int) ((long) n * (f + 1) / folds);
            double[][] train = new double[n - (to - from)][];
            System.arraycopy(z, 0, train, 0, from);
            System.arraycopy(z, to, train, from, n - to);
            Scorer foldScorer = Scorer.fit(train, hp, hp.seed() + 1 + f, null, null);
            for (int i = from; i < to; i++) {
                oofForest[i] = foldScorer.forestScore(z[i]);
                oofNeighbours[i] = foldScorer.neighbourScore(z[i]);
            }
        }
        double[] forestQuantiles = quantiles(oofForest, hp.calibrationPoints());
        double[] neighbourQuantiles = quantiles(oofNeighbours, hp.calibrationPoints());
        Scorer scorer = Scorer.fit(z, hp, hp.seed(), forestQuantiles, neighbourQuantiles);

        double[] oofCombined = new double[n];
        for (int i = 0; i < n; i++) {
            oofCombined[i] = scorer.combine(oofForest[i], oofNeighbours[i]);
        }
        double[] combinedQuantiles = quantiles(oofCombined, hp.calibrationPoints());
        double[] oofRisk = new double[n];
        for (int i = 0; i < n; i++) {
            oofRisk[i] = cdf(combinedQuantiles, oofCombined[i]);
        }
        double inflation = sessionInflation(oofRisk, hp.sessionWindows());
        BlockTest blockTest = hp.blockWeight() > 0 ? BlockTest.fit(z, oofRisk, inflation, hp) : null;
        return new UserModel(set, hp, n, mean, std, scorer, combinedQuantiles, inflation, blockTest);
    }

    /** Risk in [0, 1] of one feature row: the share of the user's own held-out rows that looked more normal. */
    public double windowRisk(double[] row) {
        checkRow(row);
        double[] z = standardise(row, mean, std);
        return cdf(combinedQuantiles, scorer.combined(z));
    }

    /**
     * Risk in [0, 1] of the most recent windows: the last
     * {@link ModelHyperparameters#sessionWindows()} of {@code lastK} (all of them if fewer)
     * combined as described in the class comment. An empty list has no evidence: 0.5.
     */
    public double sessionRisk(List<double[]> lastK) {
        int k = hyperparameters.sessionWindows();
        List<double[]> recent = lastK.size() > k ? lastK.subList(lastK.size() - k, lastK.size()) : lastK;
        return sessionRisk(recent, recent.stream().mapToDouble(this::windowRisk).toArray());
    }

    /**
     * {@link #sessionRisk(List)} for a caller that already holds the rows' window risks (from
     * {@link #windowRisk}, same order): the last k of both are used.
     *
     * @throws IllegalArgumentException when the two lists differ in length
     */
    public double sessionRisk(List<double[]> rows, double[] windowRisks) {
        if (rows.size() != windowRisks.length) {
            throw new IllegalArgumentException("expected one window risk per row, got " + windowRisks.length
                    + " for " + rows.size() + " rows");
        }
        int k = hyperparameters.sessionWindows();
        int from = Math.max(0, rows.size() - k);
        List<double[]> recent = rows.subList(from, rows.size());
        double[] risks = Arrays.copyOfRange(windowRisks, from, windowRisks.length);
        if (recent.isEmpty()) {
            return 0.5;
        }
        if (blockTest == null || !blockTest.covers(recent.size())) {
            return combineRisks(risks, sessionInflation);
        }
        double[][] z = new double[recent.size()][];
        for (int i = 0; i < z.length; i++) {
            checkRow(recent.get(i));
            z[i] = standardise(recent.get(i), mean, std);
        }
        return blockTest.risk(stoufferZ(risks, sessionInflation), z);
    }

    /**
     * Session risk from window risks alone (Stouffer, without the block test, which needs the
     * rows): for callers that kept only risks.
     */
    public double sessionRiskFromWindowRisks(double[] windowRisks) {
        int k = hyperparameters.sessionWindows();
        if (windowRisks.length == 0) {
            return 0.5;
        }
        double[] recent = windowRisks.length > k
                ? Arrays.copyOfRange(windowRisks, windowRisks.length - k, windowRisks.length)
                : windowRisks;
        return combineRisks(recent, sessionInflation);
    }

    /** Stouffer combination of window risks; see the class comment. */
    static double combineRisks(double[] risks, double inflation) {
        return phi(stoufferZ(risks, inflation));
    }

    static double stoufferZ(double[] risks, double inflation) {
        double sum = 0;
        for (double r : risks) {
            sum += probit(Math.clamp(r, RISK_EPSILON, 1 - RISK_EPSILON));
        }
        return sum / Math.sqrt(risks.length * inflation);
    }

    public FeatureSet featureSet() {
        return featureSet;
    }

    /** Feature-set version the model was trained on, e.g. {@code mouse-v1}. */
    public String featureVersion() {
        return featureVersion;
    }

    /** Whether rows extracted now are compatible with this model. */
    public boolean compatibleWithCurrentFeatures() {
        return featureVersion.equals(featureSet.version());
    }

    public int trainingRows() {
        return trainingRows;
    }

    public ModelHyperparameters hyperparameters() {
        return hyperparameters;
    }

    /** Variance inflation ρ of consecutive windows measured at training (1 = independent). */
    public double sessionInflation() {
        return sessionInflation;
    }

    /** Java-serialised form, for storage in the database. */
    public byte[] serialize() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a model written by {@link #serialize()}. Only the classes a model is made of are
     * accepted (see {@link ModelInputFilter}); anything else in the stream is rejected before
     * it is instantiated.
     *
     * @throws IllegalArgumentException when the bytes are not a valid model
     */
    public static UserModel deserialize(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(ModelInputFilter.INSTANCE);
            Object read = in.readObject();
            if (!(read instanceof UserModel model)) {
                throw new IllegalArgumentException("not a user model");
            }
            return model;
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException("invalid serialized user model: " + e.getMessage(), e);
        }
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        int d = featureSet == null ? -1 : featureSet.dimension();
        if (mean == null || std == null || (d > 0 && mean.length != d) || mean.length == 0 || std.length != d || scorer == null
                || combinedQuantiles == null || combinedQuantiles.length < 2 || trainingRows < 1
                || hyperparameters == null || featureVersion == null || !(sessionInflation >= 1)
                || (blockTest != null && !blockTest.consistent(mean.length, hyperparameters.sessionWindows()))) {
            throw new InvalidObjectException("inconsistent user model");
        }
    }

    private void checkRow(double[] row) {
        if (row.length != mean.length) {
            throw new IllegalArgumentException("expected " + mean.length + " features, got " + row.length);
        }
    }

    private static void standardisation(List<double[]> rows, double[] mean, double[] std) {
        int n = rows.size();
        for (double[] r : rows) {
            for (int j = 0; j < r.length; j++) {
                mean[j] += compress(r[j]) / n;
            }
        }
        for (double[] r : rows) {
            for (int j = 0; j < r.length; j++) {
                double c = compress(r[j]) - mean[j];
                std[j] += c * c / (n - 1);
            }
        }
        for (int j = 0; j < std.length; j++) {
            std[j] = Math.sqrt(std[j]);
            // A feature that never varied for this user cannot be scaled; leave it in its units.
            if (!(std[j] > 1e-12)) {
                std[j] = 1;
            }
        }
    }

    private static double[] standardise(double[] row, double[] mean, double[] std) {
        double[] z = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            z[j] = (compress(row[j]) - mean[j]) / std[j];
        }
        return z;
    }

    /**
     * sign(x)·ln(1 + |x|): kinematic features (speeds, accelerations, jerks, durations) are
     * heavy-tailed, and one extreme value would otherwise dominate a standardised distance.
     * Monotone, so the forest's axis splits are barely affected; values in [−1, 1] change little.
     */
    static double compress(double x) {
        return Math.copySign(Math.log1p(Math.abs(x)), x);
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

    private static double sessionInflation(double[] oofRisk, int k) {
        int blocks = oofRisk.length / k;
        if (blocks < 5 || k == 1) {
            return 1;
        }
        double[] sums = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            for (int i = b * k; i < (b + 1) * k; i++) {
                sums[b] += probit(Math.clamp(oofRisk[i], RISK_EPSILON, 1 - RISK_EPSILON));
            }
        }
        double m = Arrays.stream(sums).average().orElse(0);
        double var = Arrays.stream(sums).map(s -> (s - m) * (s - m)).sum() / (blocks - 1);
        return Math.max(1, var / k);
    }

    static double phi(double x) {
        return 0.5 * Erf.erfc(-x / Math.sqrt(2));
    }

    static double probit(double p) {
        return -Math.sqrt(2) * Erf.inverfc(2 * p);
    }

    /**
     * Calibration of the block distribution test (see the class comment): per-feature
     * quantiles of the training rows, and for each block size n the out-of-fold mean and
     * standard deviation of W² and of the combined score (NaN where too few out-of-fold blocks
     * of that size existed; such sessions use Stouffer alone).
     */
    static final class BlockTest implements Serializable {

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
                            stoufferZ(Arrays.copyOfRange(oofRisk, b, b + size), inflation),
                            statistic(Arrays.copyOfRange(u, b, b + size), d)});
                    }
                }
                if (blocks.size() < MIN_BLOCKS) {
                    continue;
                }
                double[] w2 = blocks.stream().mapToDouble(b -> b[1]).toArray();
                sMean[size] = meanOf(w2);
                sStd[size] = Math.max(1e-9, stdOf(w2, sMean[size]));
                double[] combined = new double[blocks.size()];
                for (int i = 0; i < combined.length; i++) {
                    double[] b = blocks.get(i);
                    combined[i] = (1 - hp.blockWeight()) * b[0] + hp.blockWeight() * (b[1] - sMean[size]) / sStd[size];
                }
                cMean[size] = meanOf(combined);
                cStd[size] = Math.max(1e-9, stdOf(combined, cMean[size]));
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
            return phi((combined - combinedMean[size]) / combinedStd[size]);
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
                q[j] = quantiles(column, points);
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

        private static double meanOf(double[] v) {
            double s = 0;
            for (double x : v) {
                s += x;
            }
            return s / v.length;
        }

        private static double stdOf(double[] v, double m) {
            double s = 0;
            for (double x : v) {
                s += (x - m) * (x - m);
            }
            return Math.sqrt(s / (v.length - 1));
        }
    }

    /** The two score components, each fitted on standardised rows. */
    static final class Scorer implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        /** Guards Smile's JVM-wide random state while a forest grows (see {@link #fitForest}). */
        private static final Object SMILE_RANDOM = new Object();

        private final IsolationForest forest;
        private final double[][] reference;
        private final int neighbours;
        private final double forestWeight;
        private final double[] forestQuantiles;
        private final double[] neighbourQuantiles;

        private Scorer(IsolationForest forest, double[][] reference, int neighbours, double forestWeight,
                double[] forestQuantiles, double[] neighbourQuantiles) {
            this.forest = forest;
            this.reference = reference;
            this.neighbours = neighbours;
            this.forestWeight = forestWeight;
            this.forestQuantiles = forestQuantiles;
            this.neighbourQuantiles = neighbourQuantiles;
        }

        static Scorer fit(double[][] z, ModelHyperparameters hp, long seed, double @org.jspecify.annotations.Nullable [] forestQuantiles,
                double @org.jspecify.annotations.Nullable [] neighbourQuantiles) {
            IsolationForest forest = hp.forestWeight() > 0 ? fitForest(z, hp, seed) : null;
            double[][] reference = hp.forestWeight() < 1 ? reference(z, hp.referenceRows()) : new double[0][];
            return new Scorer(forest, reference, Math.min(hp.neighbours(), Math.max(1, reference.length)),
                    hp.forestWeight(), forestQuantiles == null ? new double[] {0, 1} : forestQuantiles,
                    neighbourQuantiles == null ? new double[] {0, 1} : neighbourQuantiles);
        }

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
        private static IsolationForest fitForest(double[][] z, ModelHyperparameters hp, long seed) {
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
            return new IsolationForest(psi, dimension, extensionLevel, trees);
        }

        /** At most {@code max} rows, evenly spaced over time so every period is represented. */
        private static double[][] reference(double[][] z, int max) {
            if (z.length <= max) {
                return z.clone();
            }
            double[][] r = new double[max][];
            for (int i = 0; i < max; i++) {
                r[i] = z[(int) ((long) i * z.length / max)];
            }
            return r;
        }

        double forestScore(double[] z) {
            return forest == null ? 0 : forest.score(z);
        }

        /** Mean Euclidean distance to the k nearest reference rows. */
        double neighbourScore(double[] z) {
            if (reference.length == 0) {
                return 0;
            }
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

        double combine(double forestScore, double neighbourScore) {
            return forestWeight * cdf(forestQuantiles, forestScore)
                    + (1 - forestWeight) * cdf(neighbourQuantiles, neighbourScore);
        }

        double combined(double[] z) {
            return combine(forestScore(z), neighbourScore(z));
        }
    }
}
