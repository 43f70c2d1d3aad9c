package io.behavioralbiometrics.risk.model;

import java.io.Serial;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import smile.classification.ClassLabels;
import smile.classification.DecisionTree;
import smile.data.DataFrame;
import smile.data.vector.ValueVector;
import smile.math.MathEx;
import smile.model.cart.CART;
import smile.model.cart.DecisionNode;
import smile.model.cart.InternalNode;
import smile.model.cart.Node;
import smile.model.cart.OrdinalNode;
import smile.model.cart.SplitRule;

/**
 * A two-class random forest of the user's rows against a background sample of other users'
 * rows (the universal background model of speaker verification, made discriminative): it
 * learns which features set this user apart from people in general, which a one-class model
 * cannot know. The trees are Smile {@link DecisionTree}s, flattened into arrays for scoring
 * and storage.
 *
 * <p>Each tree is grown on a random share of the user's rows, taken as whole contiguous
 * chunks of time, and a random share of the background users, balanced to equal class
 * sizes. A row's out-of-fold score averages only trees that never saw its chunk: later
 * behaviour the trees did not see, as with the one-class components' contiguous folds,
 * rather than the optimistic per-row out-of-bag estimate.
 *
 * <p>The score of a row is the mean over trees of the leaf's log-odds of "another user",
 * with Laplace-smoothed leaf counts so a pure leaf does not give infinite odds.
 */
final class BackgroundForestComponent implements Component {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Contiguous chunks the user's rows are cut into for tree sampling and out-of-fold scores. */
    static final int CHUNKS = 10;
    /** Share of chunks and of background users each tree is grown on. */
    static final double SHARE = 0.7;
    private static final int NODE_SIZE = 5;
    private static final int MAX_DEPTH = 24;
    private static final Field ORDINAL_VALUE = ordinalValue();

    private final int dimension;
    private final int[] roots;
    /** Per node: split feature, or −1 for a leaf. */
    private final int[] feature;
    /** Per node: split value (go left when x ≤ value), or the leaf's log-odds. */
    private final double[] value;
    private final int[] left;
    private final int[] right;

    private BackgroundForestComponent(int dimension, int[] roots, int[] feature, double[] value, int[] left,
            int[] right) {
        this.dimension = dimension;
        this.roots = roots;
        this.feature = feature;
        this.value = value;
        this.left = left;
        this.right = right;
    }

    /**
     * Fits on the user's standardised rows {@code own} (in time order) against
     * {@code background}, one array of rows per other user, standardised with the user's own
     * standardiser.
     */
    static Fitted fit(double[][] own, List<double[][]> background, ModelHyperparameters hp, long seed) {
        int n = own.length;
        int d = own[0].length;
        int[] offsets = new int[background.size() + 1];
        for (int u = 0; u < background.size(); u++) {
            offsets[u + 1] = offsets[u] + background.get(u).length;
        }
        int total = n + offsets[background.size()];
        double[][] x = new double[total][];
        int[] labels = new int[total];
        System.arraycopy(own, 0, x, 0, n);
        for (int u = 0; u < background.size(); u++) {
            double[][] rows = background.get(u);
            for (int i = 0; i < rows.length; i++) {
                x[n + offsets[u] + i] = rows[i];
                labels[n + offsets[u] + i] = 1;
            }
        }
        String[] names = IntStream.range(0, d).mapToObj(j -> "f" + j).toArray(String[]::new);
        DataFrame frame = DataFrame.of(x, names);
        ValueVector response = ValueVector.of("other", labels);
        int[] y = ClassLabels.fit(response).y;
        int[][] order = CART.order(frame);
        int mtry = Math.max(1, (int) Math.floor(Math.sqrt(d)));
        int chunkCount = Math.min(CHUNKS, n);
        int trees = hp.forestTrees();

        int[][] excludedChunks = new int[trees][];
        List<List<double[]>> treeNodes = IntStream.range(0, trees).parallel().mapToObj(t -> {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + t);
            boolean[] chunkIn = pick(chunkCount, SHARE, random);
            excludedChunks[t] = IntStream.range(0, chunkCount).filter(c -> !chunkIn[c]).toArray();
            boolean[] userIn = pick(background.size(), SHARE, random);
            int[] samples = new int[total];
            List<Integer> genuine = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (chunkIn[chunk(i, n, chunkCount)]) {
                    genuine.add(i);
                }
            }
            List<Integer> others = new ArrayList<>();
            for (int u = 0; u < background.size(); u++) {
                if (userIn[u]) {
                    for (int i = n + offsets[u]; i < n + offsets[u + 1]; i++) {
                        others.add(i);
                    }
                }
            }
            int perClass = Math.min(hp.forestGenuineRows(), Math.min(genuine.size(), others.size()));
            for (int i : sample(genuine, perClass, random)) {
                samples[i] = 1;
            }
            for (int i : sample(others, perClass, random)) {
                samples[i] = 1;
            }
            // Smile draws each split's candidate features from this thread's MathEx generator;
            // seeding also clears a JVM-wide cache, so it must not interleave with a forest
            // growing elsewhere (see IsolationForestComponent).
            synchronized (IsolationForestComponent.SMILE_RANDOM) {
                MathEx.setSeed(seed * 1_000_003L + t);
            }
            DecisionTree tree = new DecisionTree(frame, y, response.field(), 2, SplitRule.GINI, MAX_DEPTH,
                    hp.forestMaxNodes(), NODE_SIZE, mtry, samples, order);
            List<double[]> nodes = new ArrayList<>();
            flatten(tree.root(), nodes);
            return nodes;
        }).toList();

        int size = treeNodes.stream().mapToInt(List::size).sum();
        int[] roots = new int[trees];
        int[] feature = new int[size];
        double[] value = new double[size];
        int[] left = new int[size];
        int[] right = new int[size];
        int at = 0;
        for (int t = 0; t < trees; t++) {
            roots[t] = at;
            for (double[] node : treeNodes.get(t)) {
                feature[at] = (int) node[0];
                value[at] = node[1];
                left[at] = node[0] < 0 ? -1 : roots[t] + (int) node[2];
                right[at] = node[0] < 0 ? -1 : roots[t] + (int) node[3];
                at++;
            }
        }
        BackgroundForestComponent forest = new BackgroundForestComponent(d, roots, feature, value, left, right);

        double[] oof = new double[n];
        for (int i = 0; i < n; i++) {
            int c = chunk(i, n, chunkCount);
            double sum = 0;
            int count = 0;
            for (int t = 0; t < trees; t++) {
                if (Arrays.binarySearch(excludedChunks[t], c) >= 0) {
                    sum += forest.treeScore(t, own[i]);
                    count++;
                }
            }
            // A chunk every tree saw (only with very few trees) falls back to the whole forest.
            oof[i] = count > 0 ? sum / count : forest.score(own[i]);
        }
        return new Fitted(forest, oof);
    }

    @Override
    public double score(double[] z) {
        double sum = 0;
        for (int t = 0; t < roots.length; t++) {
            sum += treeScore(t, z);
        }
        return sum / roots.length;
    }

    private double treeScore(int t, double[] z) {
        int node = roots[t];
        while (feature[node] >= 0) {
            node = z[feature[node]] <= value[node] ? left[node] : right[node];
        }
        return value[node];
    }

    int trees() {
        return roots.length;
    }

    int nodes() {
        return feature.length;
    }

    boolean consistent(int d) {
        if (dimension != d || roots == null || roots.length == 0 || feature == null || value == null
                || left == null || right == null || value.length != feature.length
                || left.length != feature.length || right.length != feature.length) {
            return false;
        }
        for (int r : roots) {
            if (r < 0 || r >= feature.length) {
                return false;
            }
        }
        for (int i = 0; i < feature.length; i++) {
            // Children always come after their parent, so every walk ends at a leaf.
            if (feature[i] >= d || (feature[i] >= 0 && (left[i] <= i || right[i] <= i
                    || left[i] >= feature.length || right[i] >= feature.length))) {
                return false;
            }
        }
        return true;
    }

    /** Pre-order: {feature, value, left offset, right offset} per node, offsets within the tree. */
    private static int flatten(Node node, List<double[]> out) {
        int index = out.size();
        if (node instanceof OrdinalNode split) {
            double[] entry = {split.feature(), ordinalValue(split), 0, 0};
            out.add(entry);
            entry[2] = flatten(split.trueChild(), out);
            entry[3] = flatten(split.falseChild(), out);
        } else if (node instanceof DecisionNode leaf) {
            int[] count = leaf.count();
            double p = (count[1] + 1.0) / (count[0] + count[1] + 2.0);
            out.add(new double[] {-1, Math.log(p / (1 - p)), -1, -1});
        } else if (node instanceof InternalNode other) {
            throw new IllegalStateException("unexpected split " + other.getClass().getName());
        } else {
            throw new IllegalStateException("unexpected node " + node.getClass().getName());
        }
        return index;
    }

    private static int chunk(int i, int n, int chunks) {
        return (int) ((long) i * chunks / n);
    }

    /** Marks round(share·n) (at least one, at most n − 1 when n ≥ 2) of n items, at random. */
    private static boolean[] pick(int n, double share, SplittableRandom random) {
        boolean[] in = new boolean[n];
        int k = n < 2 ? n : Math.clamp(Math.round(share * n), 1, n - 1);
        int[] order = IntStream.range(0, n).toArray();
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
            in[order[i]] = true;
        }
        return in;
    }

    private static List<Integer> sample(List<Integer> items, int k, SplittableRandom random) {
        if (k >= items.size()) {
            return items;
        }
        List<Integer> copy = new ArrayList<>(items);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(copy.size() - i);
            Integer tmp = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, tmp);
        }
        return copy.subList(0, k);
    }

    private static double ordinalValue(OrdinalNode node) {
        try {
            return ORDINAL_VALUE.getDouble(node);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Smile keeps an ordinal split's threshold package-private; flattening needs it. */
    private static Field ordinalValue() {
        try {
            Field field = OrdinalNode.class.getDeclaredField("value");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
