package io.behavioralbiometrics.risk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.behavioralbiometrics.risk.features.FeatureSet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelInputFilterTest {

    /** What the filter saw of one stream: the largest of each measure. */
    static final class Recording implements ObjectInputFilter {
        long depth;
        long references;
        long bytes;
        long array;

        @Override
        public Status checkInput(FilterInfo info) {
            depth = Math.max(depth, info.depth());
            references = Math.max(references, info.references());
            bytes = Math.max(bytes, info.streamBytes());
            array = Math.max(array, info.arrayLength());
            return ModelInputFilter.INSTANCE.checkInput(info);
        }
    }

    static List<double[]> rows(long seed, int n, int dimension, double centre) {
        Random random = new Random(seed);
        List<double[]> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double common = random.nextGaussian();
            double[] r = new double[dimension];
            for (int j = 0; j < r.length; j++) {
                r[j] = centre * (j + 1) + common + 0.5 * random.nextGaussian();
            }
            rows.add(r);
        }
        return rows;
    }

    static Recording read(byte[] bytes) throws IOException, ClassNotFoundException {
        Recording recording = new Recording();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(recording);
            assertThat(in.readObject()).isInstanceOf(UserModel.class);
        }
        return recording;
    }

    /** The largest model a training makes: the most rows a user's events give, the fullest background. */
    @Test
    void theLargestModelATrainingMakesStaysWellInsideTheLimits() throws Exception {
        int d = FeatureSet.MOUSE.dimension();
        List<List<double[]>> background = new ArrayList<>();
        for (int u = 0; u < 100; u++) {
            background.add(rows(100 + u, 500, d, 10 + u * 0.1));
        }
        UserModel model = UserModel.fit(FeatureSet.MOUSE, rows(1, 20_000, d, 10), background,
                ModelHyperparameters.DEFAULTS);
        byte[] bytes = model.serialize();

        Recording seen = read(bytes);

        assertThat(model.kind()).isEqualTo(ModelKind.BACKGROUND);
        assertThat(seen.depth).isLessThanOrEqualTo(ModelInputFilter.MAX_DEPTH / 2);
        assertThat(seen.references).isLessThanOrEqualTo(ModelInputFilter.MAX_REFERENCES / 4);
        assertThat(seen.array).isLessThanOrEqualTo(ModelInputFilter.MAX_ARRAY / 4);
        assertThat((long) bytes.length).isLessThanOrEqualTo(ModelInputFilter.MAX_BYTES / 4);
    }

    @Test
    void aStreamNestedDeeperThanAnyModelIsRefusedBeforeItIsBuilt() throws IOException {
        Object nested = new double[1];
        for (int level = 0; level < 40; level++) {
            Object[] outer = (Object[]) java.lang.reflect.Array.newInstance(nested.getClass(), 1);
            outer[0] = nested;
            nested = outer;
        }
        assertRefusedByTheFilter(serialized(nested));
    }

    @Test
    void anArrayLargerThanAnyModelsIsRefusedBeforeItIsAllocated() throws IOException {
        assertRefusedByTheFilter(serialized(new double[200_000]));
    }

    @Test
    void aGraphWithMoreObjectsThanAnyModelIsRefused() throws IOException {
        Integer[][] many = new Integer[7][90_000];
        int next = 1_000;
        for (Integer[] part : many) {
            for (int i = 0; i < part.length; i++) {
                part[i] = next++;
            }
        }
        assertRefusedByTheFilter(serialized(many));
    }

    private static byte[] serialized(Object value) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    /** Refused by the filter (InvalidClassException "filter status: REJECTED"), not read and found not to be a model. */
    private static void assertRefusedByTheFilter(byte[] bytes) {
        assertThatThrownBy(() -> UserModel.deserialize(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasCauseInstanceOf(java.io.InvalidClassException.class)
                .hasMessageContaining("REJECTED");
    }
}
