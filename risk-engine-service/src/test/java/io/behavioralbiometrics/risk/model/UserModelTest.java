package io.behavioralbiometrics.risk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.behavioralbiometrics.risk.features.FeatureSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class UserModelTest {

    private static final ModelHyperparameters HP = ModelHyperparameters.DEFAULTS;

    /** Baseline-shaped rows around a user-specific centre with correlated noise. */
    static List<double[]> rows(long seed, int n, double centre) {
        Random random = new Random(seed);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double common = random.nextGaussian();
            double[] r = new double[FeatureSet.BASELINE.dimension()];
            for (int j = 0; j < r.length; j++) {
                r[j] = centre * (j + 1) + common + 0.5 * random.nextGaussian();
            }
            rows.add(r);
        }
        return rows;
    }

    @Test
    void genuineRowsGetUniformLikeRisksAndForeignRowsGetHighRisks() {
        UserModel model = UserModel.fit(FeatureSet.BASELINE, rows(1, 1000, 10), HP);
        double[] genuine = rows(2, 500, 10).stream().mapToDouble(model::windowRisk).sorted().toArray();
        double[] impostor = rows(3, 500, 13).stream().mapToDouble(model::windowRisk).sorted().toArray();

        assertThat(genuine[genuine.length / 2]).isCloseTo(0.5, within(0.12));
        assertThat(genuine[(int) (genuine.length * 0.99)]).isGreaterThan(0.9);
        assertThat(impostor[impostor.length / 2]).isGreaterThan(0.99);
        assertThat(genuine[0]).isGreaterThanOrEqualTo(0.0);
        assertThat(impostor[impostor.length - 1]).isLessThanOrEqualTo(1.0);
    }

    @Test
    void sessionRiskSeparatesImpostorSessionsBetterThanSingleWindows() {
        UserModel model = UserModel.fit(FeatureSet.BASELINE, rows(1, 1000, 10), HP);
        // A mild impostor: single windows overlap with the user, 20 windows together do not.
        List<double[]> impostor = rows(4, 20, 10.4);
        List<double[]> genuine = rows(5, 20, 10);
        double meanWindowRisk = impostor.stream().mapToDouble(model::windowRisk).average().orElseThrow();

        assertThat(model.sessionRisk(impostor)).isGreaterThan(meanWindowRisk).isGreaterThan(0.95);
        assertThat(model.sessionRisk(genuine)).isLessThan(0.95);
        assertThat(model.sessionRisk(List.of())).isEqualTo(0.5);
    }

    @Test
    void sessionRiskUsesOnlyTheLastKWindows() {
        UserModel model = UserModel.fit(FeatureSet.BASELINE, rows(1, 500, 10), HP.withSessionWindows(5));
        List<double[]> oldImpostorThenGenuine = new ArrayList<>(rows(6, 50, 20));
        List<double[]> lastFive = rows(7, 5, 10);
        oldImpostorThenGenuine.addAll(lastFive);

        assertThat(model.sessionRisk(oldImpostorThenGenuine)).isEqualTo(model.sessionRisk(lastFive));
    }

    @Test
    void genuineSessionRisksStayCalibratedWithTheBlockTest() {
        // Training and genuine test share the correlated-noise structure the calibration must absorb.
        List<double[]> all = rows(11, 3000, 10);
        UserModel model = UserModel.fit(FeatureSet.BASELINE, all.subList(0, 1000), HP);
        List<double[]> genuine = all.subList(1000, 3000);
        double[] risks = new double[genuine.size() / 20];
        for (int b = 0; b < risks.length; b++) {
            risks[b] = model.sessionRisk(genuine.subList(b * 20, (b + 1) * 20));
        }
        Arrays.sort(risks);

        assertThat(risks[risks.length / 2]).isBetween(0.2, 0.8);
        long flagged = Arrays.stream(risks).filter(r -> r >= 0.95).count();
        assertThat(flagged).isLessThanOrEqualTo(risks.length / 5);
    }

    @Test
    void blockTestFlagsSessionsTooRegularForTheUserThatWindowRisksAlonePass() {
        // A replay of one plausible movement, a little off the user's centre: every window is
        // typical (low window risk), but twenty near-identical windows are not how this user moves.
        List<double[]> training = rows(1, 1000, 10);
        List<double[]> regular = new ArrayList<>();
        Random random = new Random(12);
        for (int i = 0; i < 20; i++) {
            double[] r = new double[FeatureSet.BASELINE.dimension()];
            for (int j = 0; j < r.length; j++) {
                r[j] = 10 * (j + 1) + 0.6 + 0.05 * random.nextGaussian();
            }
            regular.add(r);
        }
        UserModel withBlock = UserModel.fit(FeatureSet.BASELINE, training, HP);
        UserModel stoufferOnly = UserModel.fit(FeatureSet.BASELINE, training, HP.withBlockWeight(0));

        assertThat(stoufferOnly.sessionRisk(regular)).isLessThan(0.5);
        assertThat(withBlock.sessionRisk(regular)).isGreaterThan(0.99);
    }

    @Test
    void withoutTheBlockTestSessionRiskIsTheStoufferCombinationOfWindowRisks() {
        UserModel model = UserModel.fit(FeatureSet.BASELINE, rows(1, 500, 10), HP.withBlockWeight(0));
        List<double[]> probe = rows(13, 20, 10.2);
        double[] risks = probe.stream().mapToDouble(model::windowRisk).toArray();

        assertThat(model.sessionRisk(probe)).isEqualTo(model.sessionRiskFromWindowRisks(risks));
        assertThat(model.sessionRisk(probe, risks)).isEqualTo(model.sessionRisk(probe));
    }

    @Test
    void sessionRiskWithPrecomputedWindowRisksMatchesAndChecksLengths() {
        UserModel model = UserModel.fit(FeatureSet.BASELINE, rows(1, 500, 10), HP);
        List<double[]> probe = rows(14, 30, 10.2);
        double[] risks = probe.stream().mapToDouble(model::windowRisk).toArray();

        assertThat(model.sessionRisk(probe, risks)).isEqualTo(model.sessionRisk(probe));
        assertThat(model.sessionRisk(probe.subList(0, 1), new double[] {risks[0]})).isCloseTo(risks[0], within(1e-12));
        assertThatThrownBy(() -> model.sessionRisk(probe, new double[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one window risk per row");
    }

    @Test
    void sameSeedAndRowsGiveTheSameModel() {
        List<double[]> training = rows(1, 600, 10);
        UserModel a = UserModel.fit(FeatureSet.BASELINE, training, HP);
        UserModel b = UserModel.fit(FeatureSet.BASELINE, training, HP);
        UserModel c = UserModel.fit(FeatureSet.BASELINE, training, HP.withSeed(7));
        List<double[]> probe = rows(8, 50, 10.5);

        double[] ra = probe.stream().mapToDouble(a::windowRisk).toArray();
        double[] rb = probe.stream().mapToDouble(b::windowRisk).toArray();
        double[] rc = probe.stream().mapToDouble(c::windowRisk).toArray();
        assertThat(rb).containsExactly(ra);
        assertThat(Arrays.equals(ra, rc)).isFalse();
    }

    @Test
    void modelsTrainedSideBySideAreTheSameAsOneTrainedAlone() throws Exception {
        List<double[]> training = rows(1, 1500, 10);
        byte[] alone = UserModel.fit(FeatureSet.BASELINE, training, HP).serialize();
        try (ExecutorService threads = Executors.newFixedThreadPool(4);
             ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<byte[]>> side = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                // Other users' trainings at the same time, on platform and virtual threads.
                side.add(threads.submit(() -> UserModel.fit(FeatureSet.BASELINE, training, HP).serialize()));
                virtual.submit(() -> UserModel.fit(FeatureSet.BASELINE, rows(9, 800, 12), HP));
                side.add(virtual.submit(() -> UserModel.fit(FeatureSet.BASELINE, training, HP).serialize()));
            }
            for (Future<byte[]> model : side) {
                assertThat(model.get()).isEqualTo(alone);
            }
        }
    }

    @Test
    void forestAloneAndNeighboursAloneBothWork() {
        for (double weight : new double[] {0, 1}) {
            UserModel model = UserModel.fit(FeatureSet.BASELINE, rows(1, 500, 10), HP.withForestWeight(weight));
            double impostor = rows(3, 100, 13).stream().mapToDouble(model::windowRisk).average().orElseThrow();
            double genuine = rows(2, 100, 10).stream().mapToDouble(model::windowRisk).average().orElseThrow();
            assertThat(impostor).as("weight %s", weight).isGreaterThan(0.95);
            assertThat(genuine).as("weight %s", weight).isBetween(0.3, 0.7);
        }
    }

    @Test
    void fitRejectsTooFewRowsWrongWidthsAndNonFiniteValues() {
        assertThatThrownBy(() -> UserModel.fit(FeatureSet.BASELINE, rows(1, 19, 10), HP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 20 baseline-v1 feature rows");
        List<double[]> wrongWidth = new ArrayList<>(rows(1, 30, 10));
        wrongWidth.set(3, new double[] {1, 2});
        assertThatThrownBy(() -> UserModel.fit(FeatureSet.BASELINE, wrongWidth, HP))
                .hasMessage("rows[3]: expected 6 features, got 2");
        List<double[]> nan = new ArrayList<>(rows(1, 30, 10));
        nan.get(4)[2] = Double.NaN;
        assertThatThrownBy(() -> UserModel.fit(FeatureSet.BASELINE, nan, HP))
                .hasMessage("rows[4]: features must be finite numbers");
    }

    @Test
    void scoringRejectsRowsOfAnotherWidth() {
        UserModel model = UserModel.fit(FeatureSet.BASELINE, rows(1, 100, 10), HP);
        assertThatThrownBy(() -> model.windowRisk(new double[3]))
                .hasMessage("expected 6 features, got 3");
    }

    @Test
    void constantFeatureDoesNotBreakStandardisation() {
        List<double[]> training = rows(1, 200, 10);
        training.forEach(r -> r[0] = 5);
        UserModel model = UserModel.fit(FeatureSet.BASELINE, training, HP);
        double[] probe = training.get(0).clone();
        double usual = model.windowRisk(probe);
        assertThat(usual).isBetween(0.0, 1.0);
        probe[0] = 50;
        assertThat(model.windowRisk(probe)).isGreaterThan(0.9).isGreaterThan(usual);
    }

    @Test
    void serializedModelRoundTripsWithIdenticalRisks() {
        UserModel model = UserModel.fit(FeatureSet.BASELINE, rows(1, 400, 10), HP);
        UserModel copy = UserModel.deserialize(model.serialize());
        List<double[]> probe = rows(9, 30, 10.3);

        assertThat(copy.featureSet()).isEqualTo(FeatureSet.BASELINE);
        assertThat(copy.featureVersion()).isEqualTo("baseline-v1");
        assertThat(copy.trainingRows()).isEqualTo(400);
        assertThat(copy.hyperparameters()).isEqualTo(HP);
        assertThat(probe.stream().mapToDouble(copy::windowRisk).toArray())
                .containsExactly(probe.stream().mapToDouble(model::windowRisk).toArray());
        assertThat(copy.sessionRisk(probe)).isEqualTo(model.sessionRisk(probe));
    }

    /**
     * Models in the database outlive releases. This one was stored by the build before
     * background models (serialVersionUID 1): it must be refused with a clear error, never
     * misread, so the registry treats the user as untrained until the model is retrained.
     */
    @Test
    void aModelStoredBeforeBackgroundModelsIsRefusedCleanly() throws IOException {
        byte[] stored;
        try (var in = UserModelTest.class.getResourceAsStream("/models/stored-with-level-thresholds.bin")) {
            stored = in.readAllBytes();
        }
        assertThatThrownBy(() -> UserModel.deserialize(stored))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid serialized user model");
    }

    /** Other users' rows: centres spread around the user's, some close, some far. */
    static List<List<double[]>> background(int users, int rowsEach) {
        List<List<double[]>> background = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            background.add(rows(100 + u, rowsEach, 10 + (u % 2 == 0 ? 1 : -1) * (0.3 + 0.3 * u)));
        }
        return background;
    }

    @Test
    void backgroundModelSeparatesAnUnseenImpostorBetterThanTheOneClassModelAndStaysCalibrated() {
        List<double[]> training = rows(1, 1000, 10);
        UserModel oneClass = UserModel.fit(FeatureSet.BASELINE, training, HP);
        UserModel withBackground = UserModel.fit(FeatureSet.BASELINE, training, background(8, 200), HP);
        // An impostor close to the user and never in the background.
        List<double[]> impostor = rows(77, 400, 10.25);
        List<double[]> genuine = rows(2, 400, 10);

        assertThat(oneClass.kind()).isEqualTo(ModelKind.ONE_CLASS);
        assertThat(withBackground.kind()).isEqualTo(ModelKind.BACKGROUND);
        double oneClassAuc = auc(oneClass, genuine, impostor);
        double backgroundAuc = auc(withBackground, genuine, impostor);
        assertThat(backgroundAuc).isGreaterThan(oneClassAuc);
        double[] risks = genuine.stream().mapToDouble(withBackground::windowRisk).sorted().toArray();
        assertThat(risks[risks.length / 2]).isCloseTo(0.5, within(0.15));
        assertThat(risks[(int) (risks.length * 0.1)]).isLessThan(0.3);
    }

    @Test
    void withoutBackgroundAnswersExactlyAsTheOneClassModel() {
        List<double[]> training = rows(1, 600, 10);
        UserModel oneClass = UserModel.fit(FeatureSet.BASELINE, training, HP);
        UserModel stripped = UserModel.fit(FeatureSet.BASELINE, training, background(5, 100), HP).withoutBackground();
        List<double[]> probe = rows(9, 30, 10.3);

        assertThat(stripped.kind()).isEqualTo(ModelKind.ONE_CLASS);
        assertThat(probe.stream().mapToDouble(stripped::windowRisk).toArray())
                .containsExactly(probe.stream().mapToDouble(oneClass::windowRisk).toArray());
        assertThat(stripped.sessionRisk(probe)).isEqualTo(oneClass.sessionRisk(probe));
        assertThat(UserModel.deserialize(stripped.serialize()).kind()).isEqualTo(ModelKind.ONE_CLASS);
    }

    @Test
    void backgroundModelIsReproducibleAndRoundTrips() {
        List<double[]> training = rows(1, 500, 10);
        UserModel a = UserModel.fit(FeatureSet.BASELINE, training, background(5, 100), HP);
        UserModel b = UserModel.fit(FeatureSet.BASELINE, training, background(5, 100), HP);
        UserModel copy = UserModel.deserialize(a.serialize());
        List<double[]> probe = rows(8, 40, 10.2);

        double[] ra = probe.stream().mapToDouble(a::windowRisk).toArray();
        assertThat(probe.stream().mapToDouble(b::windowRisk).toArray()).containsExactly(ra);
        assertThat(probe.stream().mapToDouble(copy::windowRisk).toArray()).containsExactly(ra);
        assertThat(copy.kind()).isEqualTo(ModelKind.BACKGROUND);
        assertThat(copy.sessionRisk(probe)).isEqualTo(a.sessionRisk(probe));
    }

    @Test
    void backgroundRowsAreValidated() {
        List<List<double[]>> bad = List.of(List.of(new double[] {1, 2}));
        assertThatThrownBy(() -> UserModel.fit(FeatureSet.BASELINE, rows(1, 100, 10), bad, HP))
                .hasMessage("background rows[0]: expected 6 features, got 2");
    }

    @Test
    void sessionEvidenceStaysLowForTheOwnerAndRisesSoonAfterATakeover() {
        UserModel model = UserModel.fit(FeatureSet.BASELINE, rows(1, 1000, 10), background(6, 200), HP);
        double[] genuine = rows(2, 300, 10).stream().mapToDouble(model::windowRisk).toArray();
        double[] impostor = rows(55, 100, 10.6).stream().mapToDouble(model::windowRisk).toArray();

        double state = 0;
        double highestGenuine = 0;
        for (double r : genuine) {
            state = model.nextEvidence(state, r);
            highestGenuine = Math.max(highestGenuine, model.evidenceRisk(state));
        }
        assertThat(highestGenuine).isLessThan(0.999);
        int delay = -1;
        for (int t = 0; t < impostor.length; t++) {
            state = model.nextEvidence(state, impostor[t]);
            if (model.evidenceRisk(state) >= 0.999) {
                delay = t + 1;
                break;
            }
        }
        assertThat(delay).isBetween(1, 30);
        assertThat(model.evidence(genuine)).isGreaterThanOrEqualTo(0);
    }

    private static double auc(UserModel model, List<double[]> genuine, List<double[]> impostor) {
        double[] g = genuine.stream().mapToDouble(model::windowRisk).toArray();
        double[] im = impostor.stream().mapToDouble(model::windowRisk).toArray();
        double wins = 0;
        for (double i : im) {
            for (double x : g) {
                wins += i > x ? 1 : i == x ? 0.5 : 0;
            }
        }
        return wins / ((double) g.length * im.length);
    }

    /** Stands in for a gadget class an attacker might smuggle into a stored model. */
    record Foreign(String payload) implements Serializable {
    }

    @Test
    void deserializeRejectsForeignClasses() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new Foreign("boom"));
        }
        assertThatThrownBy(() -> UserModel.deserialize(bytes.toByteArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REJECTED");

        ByteArrayOutputStream list = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(list)) {
            out.writeObject(new ArrayList<>(List.of("x")));
        }
        assertThatThrownBy(() -> UserModel.deserialize(list.toByteArray()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deserializeRejectsGarbage() {
        assertThatThrownBy(() -> UserModel.deserialize(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void calibrationHelpersAreExactOnHandExamples() {
        double[] q = Calibration.quantiles(new double[] {4, 0, 2, 1, 3}, 5);
        assertThat(q).containsExactly(0, 1, 2, 3, 4);
        assertThat(Calibration.cdf(q, -1)).isZero();
        assertThat(Calibration.cdf(q, 2)).isEqualTo(0.5);
        assertThat(Calibration.cdf(q, 2.5)).isEqualTo(0.625);
        assertThat(Calibration.cdf(q, 9)).isEqualTo(1);
        assertThat(Calibration.phi(0)).isCloseTo(0.5, within(1e-9));
        assertThat(Calibration.probit(0.975)).isCloseTo(1.959964, within(1e-5));
        // Twenty windows at 0.8 each are strong evidence; twenty at 0.5 are none.
        double[] mild = new double[20];
        Arrays.fill(mild, 0.8);
        assertThat(Calibration.phi(UserModel.stoufferZ(mild, 1))).isGreaterThan(0.999);
        Arrays.fill(mild, 0.5);
        assertThat(Calibration.phi(UserModel.stoufferZ(mild, 1))).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void blockTestHelpersAreExactOnHandExamples() {
        double[] q = {0, 1, 1, 1, 2};
        assertThat(BlockTest.midCdf(q, -1)).isZero();
        assertThat(BlockTest.midCdf(q, 0)).isZero();
        // A tied value sits in the middle of its run (indices 1..3 of 0..4).
        assertThat(BlockTest.midCdf(q, 1)).isEqualTo(0.5);
        assertThat(BlockTest.midCdf(q, 1.5)).isEqualTo(0.875);
        assertThat(BlockTest.midCdf(q, 3)).isEqualTo(1);
        // Two values exactly at the uniform plotting positions: only the 1/12n term is left.
        assertThat(BlockTest.statistic(new double[][] {{0.75}, {0.25}}, 1)).isCloseTo(1.0 / 24, within(1e-12));
        // Both at 0.5: (0.5 − 0.25)² + (0.5 − 0.75)² + 1/24.
        assertThat(BlockTest.statistic(new double[][] {{0.5, 0.75}, {0.5, 0.25}}, 2))
                .isCloseTo(0.125 + 1.0 / 24 + 1.0 / 24, within(1e-12));
    }
}
