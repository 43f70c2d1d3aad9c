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
import org.jspecify.annotations.Nullable;

/**
 * One user's immutable model for one feature set: an ensemble of calibrated components on
 * rows standardised with the user's own training statistics ({@link Standardiser}).
 *
 * <pre>
 *   one-class  o = w_f·F_if(isolation forest) + (1 − w_f)·F_nn(nearest-neighbour distance)
 *   score      s = o                                           without a background sample
 *              s = w_b·Φ⁻¹(F_bg(background forest)) + (1 − w_b)·Φ⁻¹(F_o(o))   with one
 *   window risk r = F_s(s)
 * </pre>
 *
 * Every F is the empirical CDF of that quantity's out-of-fold values on the user's own rows
 * (each row scored by a fit that did not see it, see {@link Component}), so for the genuine
 * user r is close to uniform on [0, 1] whatever the user's variability or the model's kind:
 * a risk means the same for everyone, and the same risk-level thresholds apply.
 *
 * <p><b>Why these components.</b> A Smile Isolation Forest isolates values rare in any one
 * feature; the nearest-neighbour distance sees points between the user's clusters. Both know
 * only the user. The background forest ({@link BackgroundForestComponent}) is trained against
 * other enrolled users' rows and learns which features set this user apart from people in
 * general: on the Balabit protocol it is what lifts session AUC from about 0.86 to about 0.96
 * (docs/accuracy.md measured each choice).
 *
 * <p><b>Session risk.</b> The last k window risks are combined with Stouffer's method,
 * z<sub>i</sub> = Φ⁻¹(r<sub>i</sub>), risk = Φ(Σz / √(n·ρ)), where ρ ≥ 1 is the variance inflation
 * of sums of k consecutive out-of-fold z-scores (consecutive windows are not independent), and
 * in a one-class model, for n ≥ 2, blended with a per-feature Cramér–von Mises block test of the
 * n rows against the user's training distribution ({@link BlockTest}); both are calibrated on
 * out-of-fold blocks. A model with a background sample has no block test: it is a one-class
 * statistic, and beside the background forest it lowered the Balabit development session AUC
 * (k = 20: 0.958 without it, 0.958 at weight 0.2, 0.934 at 0.5).
 *
 * <p><b>Session evidence.</b> Over a whole session, a CUSUM of window z-scores
 * ({@link SequentialTest}) accumulates evidence so that a takeover in the middle of a long
 * session is flagged with a bounded delay.
 *
 * <p>A model with a background sample also keeps the one-class calibration, so that when a
 * background user is erased it can answer as a one-class model ({@link #withoutBackground()})
 * until it is retrained without them.
 */
public final class UserModel implements Serializable {

    @Serial
    private static final long serialVersionUID = 2L;

    /** The calibration of one way of scoring (one-class, or with the background forest). */
    record Scale(double[] quantiles, double inflation, @Nullable BlockTest blockTest, SequentialTest sequential)
            implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        static Scale fit(double[] oofScores, double[][] z, ModelHyperparameters hp, boolean blockTest) {
            double[] quantiles = Calibration.quantiles(oofScores, hp.calibrationPoints());
            double[] oofRisk = Arrays.stream(oofScores).map(s -> Calibration.cdf(quantiles, s)).toArray();
            double inflation = sessionInflation(oofRisk, hp.sessionWindows());
            BlockTest block = blockTest && hp.blockWeight() > 0 ? BlockTest.fit(z, oofRisk, inflation, hp) : null;
            return new Scale(quantiles, inflation, block, SequentialTest.fit(oofRisk, hp, hp.seed()));
        }

        boolean consistent(int d, int k) {
            return quantiles != null && quantiles.length >= 2 && inflation >= 1 && sequential != null
                    && sequential.consistent() && (blockTest == null || blockTest.consistent(d, k));
        }
    }

    private final FeatureSet featureSet;
    private final String featureVersion;
    private final ModelHyperparameters hyperparameters;
    private final int trainingRows;
    private final Standardiser standardiser;
    private final @Nullable IsolationForestComponent isolationForest;
    private final double[] forestQuantiles;
    private final NeighbourDistanceComponent neighbours;
    private final double[] neighbourQuantiles;
    private final Scale oneClass;
    private final @Nullable BackgroundForestComponent background;
    private final double[] backgroundQuantiles;
    private final double[] oneClassQuantiles;
    private final @Nullable Scale ensemble;

    private UserModel(FeatureSet featureSet, ModelHyperparameters hp, int trainingRows, Standardiser standardiser,
            @Nullable IsolationForestComponent isolationForest, double[] forestQuantiles,
            NeighbourDistanceComponent neighbours, double[] neighbourQuantiles, Scale oneClass,
            @Nullable BackgroundForestComponent background, double[] backgroundQuantiles, double[] oneClassQuantiles,
            @Nullable Scale ensemble) {
        this.featureSet = featureSet;
        this.featureVersion = featureSet.version();
        this.hyperparameters = hp;
        this.trainingRows = trainingRows;
        this.standardiser = standardiser;
        this.isolationForest = isolationForest;
        this.forestQuantiles = forestQuantiles;
        this.neighbours = neighbours;
        this.neighbourQuantiles = neighbourQuantiles;
        this.oneClass = oneClass;
        this.background = background;
        this.backgroundQuantiles = backgroundQuantiles;
        this.oneClassQuantiles = oneClassQuantiles;
        this.ensemble = ensemble;
    }

    /** A one-class model of one user's feature rows (in time order). */
    public static UserModel fit(FeatureSet set, List<double[]> rows, ModelHyperparameters hp) {
        return trainer(set, rows, hp).fit(List.of());
    }

    /**
     * Fits a model on one user's feature rows (in time order), against {@code background}:
     * other users' rows of the same feature set, one list per user. An empty background gives
     * a one-class model.
     *
     * @throws IllegalArgumentException when there are fewer than
     *     {@link ModelHyperparameters#minTrainingRows()} rows, or a row has the wrong width or a
     *     non-finite value
     */
    public static UserModel fit(FeatureSet set, List<double[]> rows, List<List<double[]>> background,
            ModelHyperparameters hp) {
        return trainer(set, rows, hp).fit(background);
    }

    /**
     * The one-class part of a fit, ready to be completed with a background sample: for an
     * evaluation that fits one user against several backgrounds. {@link #fit} is exactly
     * {@code trainer(...).fit(background)}.
     */
    public static Trainer trainer(FeatureSet set, List<double[]> rows, ModelHyperparameters hp) {
        if (rows.size() < hp.minTrainingRows()) {
            throw new IllegalArgumentException("at least " + hp.minTrainingRows() + " " + set.version()
                    + " feature rows are needed to train, got " + rows.size());
        }
        // A fixed-text model takes the width of its first row; every row must match it.
        int d = set.dimension() > 0 ? set.dimension() : rows.getFirst().length;
        check("rows", rows, d);
        Standardiser standardiser = Standardiser.fit(rows);
        double[][] z = standardiser.apply(rows);
        int folds = hp.calibrationFolds();

        Component.Fitted forest = hp.forestWeight() > 0
                ? Component.outOfFold(z, folds, hp.seed(), (train, seed) -> IsolationForestComponent.fit(train, hp, seed))
                : null;
        Component.Fitted nearest = Component.outOfFold(z, folds, hp.seed(),
                (train, seed) -> NeighbourDistanceComponent.fit(train, hp));
        double[] forestQ = forest == null ? new double[] {0, 1} : Calibration.quantiles(forest.outOfFold(), hp.calibrationPoints());
        double[] nearestQ = Calibration.quantiles(nearest.outOfFold(), hp.calibrationPoints());
        double[] oneClassOof = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            oneClassOof[i] = oneClass(hp.forestWeight(), forestQ, forest == null ? 0 : forest.outOfFold()[i],
                    nearestQ, nearest.outOfFold()[i]);
        }
        UserModel oneClass = new UserModel(set, hp, z.length, standardiser,
                forest == null ? null : (IsolationForestComponent) forest.component(), forestQ,
                (NeighbourDistanceComponent) nearest.component(), nearestQ, Scale.fit(oneClassOof, z, hp, true), null,
                new double[] {0, 1}, new double[] {0, 1}, null);
        return new Trainer(oneClass, z, oneClassOof);
    }

    /** A fitted one-class model with what adding a background forest to it needs. */
    public static final class Trainer {

        private final UserModel oneClass;
        private final double[][] z;
        private final double[] oneClassOof;

        private Trainer(UserModel oneClass, double[][] z, double[] oneClassOof) {
            this.oneClass = oneClass;
            this.z = z;
            this.oneClassOof = oneClassOof;
        }

        /** The model against {@code background} (one list of rows per other user); one-class when empty. */
        public UserModel fit(List<List<double[]>> background) {
            ModelHyperparameters hp = oneClass.hyperparameters;
            int d = oneClass.standardiser.dimension();
            for (List<double[]> user : background) {
                check("background rows", user, d);
            }
            List<double[][]> others = background.stream().filter(u -> !u.isEmpty())
                    .map(oneClass.standardiser::apply).toList();
            if (others.isEmpty() || hp.backgroundWeight() == 0) {
                return oneClass;
            }
            Component.Fitted bg = BackgroundForestComponent.fit(z, others, hp, hp.seed());
            double[] bgQ = Calibration.quantiles(bg.outOfFold(), hp.calibrationPoints());
            double[] oneClassQ = oneClass.oneClass.quantiles();
            double[] ensembleOof = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                ensembleOof[i] = ensemble(hp.backgroundWeight(), bgQ, bg.outOfFold()[i], oneClassQ, oneClassOof[i]);
            }
            return new UserModel(oneClass.featureSet, hp, z.length, oneClass.standardiser, oneClass.isolationForest,
                    oneClass.forestQuantiles, oneClass.neighbours, oneClass.neighbourQuantiles, oneClass.oneClass,
                    (BackgroundForestComponent) bg.component(), bgQ, oneClassQ, Scale.fit(ensembleOof, z, hp, false));
        }
    }

    /** The ensemble's score of standardised rows; see the class comment. */
    private double score(double[] z) {
        double o = oneClass(hyperparameters.forestWeight(), forestQuantiles,
                isolationForest == null ? 0 : isolationForest.score(z), neighbourQuantiles, neighbours.score(z));
        return background == null ? o
                : ensemble(hyperparameters.backgroundWeight(), backgroundQuantiles, background.score(z),
                        oneClassQuantiles, o);
    }

    private static double oneClass(double forestWeight, double[] forestQ, double forest, double[] nearestQ,
            double nearest) {
        return forestWeight * Calibration.cdf(forestQ, forest) + (1 - forestWeight) * Calibration.cdf(nearestQ, nearest);
    }

    private static double ensemble(double weight, double[] backgroundQ, double background, double[] oneClassQ,
            double oneClass) {
        return weight * Calibration.z(Calibration.cdf(backgroundQ, background))
                + (1 - weight) * Calibration.z(Calibration.cdf(oneClassQ, oneClass));
    }

    private Scale scale() {
        return ensemble == null ? oneClass : ensemble;
    }

    /** Which kind of model this is. */
    public ModelKind kind() {
        return background == null ? ModelKind.ONE_CLASS : ModelKind.BACKGROUND;
    }

    /**
     * This model without its background forest: the one-class components with their own
     * calibration, for a model whose background held a user who has since been erased.
     */
    public UserModel withoutBackground() {
        if (background == null) {
            return this;
        }
        return new UserModel(featureSet, hyperparameters, trainingRows, standardiser, isolationForest,
                forestQuantiles, neighbours, neighbourQuantiles, oneClass, null, new double[] {0, 1},
                new double[] {0, 1}, null);
    }

    /** Risk in [0, 1] of one feature row: the share of the user's own held-out rows that looked more normal. */
    public double windowRisk(double[] row) {
        checkRow(row);
        return Calibration.cdf(scale().quantiles(), score(standardiser.apply(row)));
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
        Scale scale = scale();
        if (scale.blockTest() == null || !scale.blockTest().covers(recent.size())) {
            return Calibration.phi(stoufferZ(risks, scale.inflation()));
        }
        double[][] z = new double[recent.size()][];
        for (int i = 0; i < z.length; i++) {
            checkRow(recent.get(i));
            z[i] = standardiser.apply(recent.get(i));
        }
        return scale.blockTest().risk(stoufferZ(risks, scale.inflation()), z);
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
        return Calibration.phi(stoufferZ(recent, scale().inflation()));
    }

    /** The session CUSUM after one more window of risk {@code windowRisk}; a session starts at 0. */
    public double nextEvidence(double evidence, double windowRisk) {
        return Math.max(0, evidence + evidenceIncrement(windowRisk));
    }

    /**
     * What one window of risk {@code windowRisk} adds to the session CUSUM before it is
     * floored at 0; live scoring sends these to Redis, which applies them atomically.
     */
    public double evidenceIncrement(double windowRisk) {
        return scale().sequential().increment(windowRisk);
    }

    /** Risk in [0, 1] of a session CUSUM value; see {@link SequentialTest}. */
    public double evidenceRisk(double evidence) {
        return scale().sequential().risk(evidence);
    }

    /** The session CUSUM over window risks in order, from 0. */
    public double evidence(double[] windowRisks) {
        double s = 0;
        for (double r : windowRisks) {
            s = nextEvidence(s, r);
        }
        return s;
    }

    static double stoufferZ(double[] risks, double inflation) {
        double sum = 0;
        for (double r : risks) {
            sum += Calibration.z(r);
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
        return scale().inflation();
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
     * it is instantiated. A model written by an earlier version of this class is refused
     * (its serialVersionUID differs), and must be retrained.
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
        if (featureSet == null || hyperparameters == null || featureVersion == null || trainingRows < 1
                || standardiser == null) {
            throw new InvalidObjectException("inconsistent user model");
        }
        int d = standardiser.mean() == null ? -1 : standardiser.mean().length;
        int k = hyperparameters.sessionWindows();
        if (!standardiser.consistent(featureSet.dimension()) || neighbours == null || neighbourQuantiles == null
                || forestQuantiles == null || oneClass == null || !oneClass.consistent(d, k)
                || neighbours.reference() == null || neighbours.reference().length < neighbours.neighbours()
                || neighbours.neighbours() < 1
                || Arrays.stream(neighbours.reference()).anyMatch(r -> r == null || r.length != d)
                || (background != null && (!background.consistent(d) || ensemble == null
                        || !ensemble.consistent(d, k) || backgroundQuantiles == null
                        || oneClassQuantiles == null))) {
            throw new InvalidObjectException("inconsistent user model");
        }
    }

    private void checkRow(double[] row) {
        if (row.length != standardiser.dimension()) {
            throw new IllegalArgumentException("expected " + standardiser.dimension() + " features, got " + row.length);
        }
    }

    private static void check(String name, List<double[]> rows, int d) {
        for (int i = 0; i < rows.size(); i++) {
            double[] row = rows.get(i);
            if (row.length != d) {
                throw new IllegalArgumentException(name + "[" + i + "]: expected " + d + " features, got " + row.length);
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(name + "[" + i + "]: features must be finite numbers");
                }
            }
        }
    }

    private static double sessionInflation(double[] oofRisk, int k) {
        int blocks = oofRisk.length / k;
        if (blocks < 5 || k == 1) {
            return 1;
        }
        double[] sums = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            for (int i = b * k; i < (b + 1) * k; i++) {
                sums[b] += Calibration.z(oofRisk[i]);
            }
        }
        double m = Calibration.mean(sums);
        double var = Arrays.stream(sums).map(s -> (s - m) * (s - m)).sum() / (blocks - 1);
        return Math.max(1, var / k);
    }
}
