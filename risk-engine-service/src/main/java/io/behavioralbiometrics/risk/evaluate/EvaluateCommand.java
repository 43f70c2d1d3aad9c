package io.behavioralbiometrics.risk.evaluate;

import io.behavioralbiometrics.risk.background.BackgroundPool;
import io.behavioralbiometrics.risk.features.FeatureExtractor;
import io.behavioralbiometrics.risk.features.FeatureSet;
import io.behavioralbiometrics.risk.model.ModelHyperparameters;
import io.behavioralbiometrics.risk.model.UserModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Measures detection accuracy on public data sets with the production feature extraction
 * and model code, and writes {@code docs/accuracy.md} and {@code docs/roc-balabit.svg}.
 *
 * <p>Usage: {@code EvaluateCommand [DATA_DIR] [--docs DIR] [--max-train N]
 * [--max-test-per-session N] [--forest-weight W] [--block-weight W] [--extension-level N]
 * [--session-windows N] [--users N] [--dev]}. DATA_DIR defaults to
 * {@code ../shared/data} next to the repository root; a data set that is absent is skipped
 * with a message.
 *
 * <p><b>Balabit protocol</b> (fixed before looking at results): per user and feature set,
 * every session's rows (time order) are split 60/40; the model trains on the first 60% of
 * every session of that user (at most {@code --max-train} rows, evenly thinned) and never
 * sees another user. Test rows are the last 40% of each session (at most
 * {@code --max-test-per-session} consecutive rows per session): the user's own are genuine,
 * the nine other users' are impostors. Action level scores each row; session level scores
 * non-overlapping blocks of k consecutive rows of one session with
 * {@link UserModel#sessionRisk(List, double[])}.
 *
 * <p><b>Development protocol</b> ({@code --dev}), used to choose settings: the same split applied
 * to the training 60% of every session only (train on its first 60%, test on the rest), so
 * choices are made without reading a single test row. Its report is written to the
 * {@code --docs} folder like any other run; point that elsewhere to keep the committed report.
 *
 * <p><b>CMU protocol</b> (Killourhy &amp; Maxion 2009): per subject, train on the first 200
 * repetitions, genuine test on the remaining 200, impostor test on the first 5 repetitions
 * of each other subject; per-subject EER, mean and standard deviation.
 */
public final class EvaluateCommand {

    /** Block sizes always reported; k = 20 is the one the target is stated for. */
    static final int[] SESSION_KS = {1, 5, 10, 20};
    /** Index of k = 20 in {@link #SESSION_KS} and in every {@link SetResult#ks()}. */
    static final int K20 = 3;

    private final PrintStream out;
    private final FeatureExtractor extractor = new FeatureExtractor();
    ModelHyperparameters hp = ModelHyperparameters.DEFAULTS;
    private int maxTrain = 5000;
    private int maxTestPerSession = 400;
    private int maxUsers = Integer.MAX_VALUE;
    /** Rows per background user, as a deployment's pool keeps ({@code bb.risk.background.rows-per-user}). */
    int backgroundRows = 500;
    List<Protocol> protocols = List.of(Protocol.values());
    List<FeatureSet> sets = List.of(FeatureSet.BASELINE, FeatureSet.MOUSE);
    /** Development protocol: split only the training part of each session; the test part is never read. */
    boolean development;

    EvaluateCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        Path root = repositoryRoot(Path.of("").toAbsolutePath());
        Path data = root.resolveSibling("shared").resolve("data");
        Path docs = root.resolve("docs");
        EvaluateCommand command = new EvaluateCommand(System.out);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--docs" -> docs = Path.of(args[++i]);
                case "--max-train" -> command.maxTrain = Integer.parseInt(args[++i]);
                case "--max-test-per-session" -> command.maxTestPerSession = Integer.parseInt(args[++i]);
                case "--forest-weight" -> command.hp = command.hp.withForestWeight(Double.parseDouble(args[++i]));
                case "--block-weight" -> command.hp = command.hp.withBlockWeight(Double.parseDouble(args[++i]));
                case "--extension-level" -> command.hp = command.hp.withExtensionLevel(Integer.parseInt(args[++i]));
                case "--session-windows" -> command.hp = command.hp.withSessionWindows(Integer.parseInt(args[++i]));
                case "--background-weight" ->
                    command.hp = command.hp.withBackgroundWeight(Double.parseDouble(args[++i]));
                case "--forest" -> {
                    String[] v = args[++i].split(",");
                    command.hp = command.hp.withForest(Integer.parseInt(v[0]), Integer.parseInt(v[1]));
                }
                case "--sequential-drift" ->
                    command.hp = command.hp.withSequentialDrift(Double.parseDouble(args[++i]));
                case "--background-rows" -> command.backgroundRows = Integer.parseInt(args[++i]);
                case "--protocols" -> command.protocols = Arrays.stream(args[++i].split(","))
                        .map(p -> Protocol.valueOf(p.toUpperCase(Locale.ROOT).replace('-', '_'))).toList();
                case "--sets" -> command.sets = Arrays.stream(args[++i].split(","))
                        .map(p -> FeatureSet.valueOf(p.toUpperCase(Locale.ROOT))).toList();
                case "--dev" -> command.development = true;
                case "--users" -> command.maxUsers = Integer.parseInt(args[++i]);
                default -> data = Path.of(args[i]);
            }
        }
        Report report = new Report();
        report.hyperparameters = command.hp;
        report.development = command.development;
        long start = System.nanoTime();
        command.balabit(data.resolve("balabit-mouse").resolve("training_files"), report);
        command.cmu(data.resolve("cmu-keystroke").resolve("DSL-StrongPasswordData.csv"), report);
        report.seconds = (System.nanoTime() - start) / 1e9;
        Files.createDirectories(docs);
        Files.writeString(docs.resolve("accuracy.md"), report.markdown());
        if (!report.balabit.isEmpty()) {
            Files.writeString(docs.resolve("roc-balabit.svg"), RocPlot.svg(report.pooledCurves()));
        }
        System.out.printf(Locale.ROOT, "wrote %s (%.0f s)%n", docs.resolve("accuracy.md"), report.seconds);
    }

    /** The nearest folder upwards that holds the Maven wrapper, else {@code start}. */
    static Path repositoryRoot(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("risk-engine-service"))) {
                return p;
            }
        }
        return start;
    }

    /** How a user's model may use other users' behaviour; evaluated side by side. */
    enum Protocol {
        /** The user's rows only, as before background models existed. */
        ONE_CLASS("one-class"),
        /**
         * Against a background of the other users' training rows, leaving out the impostor under
         * test: an outside attacker, never enrolled. The headline figure.
         */
        OUTSIDE("background, attacker left out"),
        /** Against a background that includes the impostor's training rows: an enrolled attacker. */
        ENROLLED("background, attacker enrolled");

        final String label;

        Protocol(String label) {
            this.label = label;
        }
    }

    /**
     * Per user: per k, AUC and EER; plus the genuine and impostor risks for pooled curves.
     *
     * @param byImpostor at k = 20, the AUC against each other user's blocks alone (which
     *                   impostors this user's model confuses with the user)
     */
    record UserResult(String user, double[] auc, double[] eer, double[][] genuine, double[][] impostor,
            Map<String, Double> byImpostor) {
    }

    /**
     * @param secondsPerRow session time per feature row (all sessions' durations over all their
     *                      rows), so that k rows can be read as minutes of use
     */
    record SetResult(FeatureSet set, Protocol protocol, int[] ks, List<UserResult> users, int trainRowsMean,
            int testRows, double secondsPerRow) {
    }

    /**
     * One spliced session: the window risks of a genuine held-out session followed by an
     * impostor's held-out session, scored by one model, with the rows for the block test.
     */
    record Splice(UserModel model, List<double[]> rows, double[] risks, int at) {
    }

    /**
     * {@link #SESSION_KS}, and with {@code --session-windows N} above 20 also N/2 and N: a model
     * aggregates at most N windows, so longer blocks can only be measured with a larger N.
     */
    int[] sessionKs() {
        int n = hp.sessionWindows();
        return n <= SESSION_KS[K20] ? SESSION_KS.clone()
                : IntStream.concat(Arrays.stream(SESSION_KS), IntStream.of(n / 2, n))
                        .filter(k -> k <= n).distinct().sorted().toArray();
    }

    void balabit(Path trainingFiles, Report report) throws IOException {
        if (!Files.isDirectory(trainingFiles)) {
            out.println("Balabit: " + trainingFiles + " not found; skipped.");
            report.balabitSkipped = "balabit-mouse/training_files not found in the data folder";
            return;
        }
        List<String> users = BalabitData.users(trainingFiles);
        users = users.subList(0, Math.min(users.size(), maxUsers));
        int[] ks = sessionKs();
        // user → set → per-session (train rows, test rows)
        Map<String, Map<FeatureSet, List<List<double[]>>>> train = new LinkedHashMap<>();
        Map<String, Map<FeatureSet, List<List<double[]>>>> test = new LinkedHashMap<>();
        Map<FeatureSet, double[]> secondsAndRows = new LinkedHashMap<>();
        for (String user : users) {
            for (Path file : BalabitData.sessions(trainingFiles, user)) {
                BalabitData.Session session = BalabitData.read(user, file);
                for (FeatureSet set : sets) {
                    List<double[]> rows = extractor.extract(set, session.events());
                    double[] total = secondsAndRows.computeIfAbsent(set, s -> new double[2]);
                    total[0] += session.seconds();
                    total[1] += rows.size();
                    int cut = (int) Math.round(rows.size() * 0.6);
                    if (development) {
                        rows = rows.subList(0, cut);
                        cut = (int) Math.round(rows.size() * 0.6);
                    }
                    train.computeIfAbsent(user, u -> new LinkedHashMap<>())
                            .computeIfAbsent(set, s -> new ArrayList<>()).add(rows.subList(0, cut));
                    List<double[]> held = rows.subList(cut, rows.size());
                    test.computeIfAbsent(user, u -> new LinkedHashMap<>())
                            .computeIfAbsent(set, s -> new ArrayList<>())
                            .add(held.subList(0, Math.min(held.size(), maxTestPerSession)));
                }
            }
            out.printf(Locale.ROOT, "Balabit: read %s%n", user);
        }
        for (FeatureSet set : sets) {
            List<String> finalUsers = users;
            int[] trainSizes = new int[users.size()];
            Map<Protocol, Map<String, UserResult>> results = new ConcurrentHashMap<>();
            Map<Protocol, List<Splice>> splices = new ConcurrentHashMap<>();
            users.parallelStream().forEach(user -> {
                List<double[]> rows = BackgroundPool.evenly(train.get(user).get(set).stream().flatMap(List::stream).toList(), maxTrain);
                trainSizes[finalUsers.indexOf(user)] = rows.size();
                UserModel.Trainer trainer = UserModel.trainer(set, rows, hp);
                // The background a deployment would hold: each other user's rows, evenly thinned.
                Map<String, List<double[]>> pool = new LinkedHashMap<>();
                for (String other : finalUsers) {
                    if (!other.equals(user)) {
                        pool.put(other, BackgroundPool.evenly(train.get(other).get(set).stream().flatMap(List::stream).toList(),
                                backgroundRows));
                    }
                }
                for (Protocol protocol : protocols) {
                    // impostor → the model that scores the genuine sessions against that impostor
                    Map<String, UserModel> models = new LinkedHashMap<>();
                    switch (protocol) {
                        case ONE_CLASS -> {
                            UserModel model = trainer.fit(List.of());
                            pool.keySet().forEach(o -> models.put(o, model));
                        }
                        case ENROLLED -> {
                            UserModel model = trainer.fit(List.copyOf(pool.values()));
                            pool.keySet().forEach(o -> models.put(o, model));
                        }
                        case OUTSIDE -> pool.keySet().forEach(o -> models.put(o, trainer.fit(pool.entrySet().stream()
                                .filter(e -> !e.getKey().equals(o)).map(Map.Entry::getValue).toList())));
                    }
                    UserResult result = score(user, models, test, set, ks, protocol == Protocol.OUTSIDE,
                            set == FeatureSet.MOUSE ? splices.computeIfAbsent(protocol,
                                    p -> java.util.Collections.synchronizedList(new ArrayList<>())) : null);
                    results.computeIfAbsent(protocol, p -> new ConcurrentHashMap<>()).put(user, result);
                    out.printf(Locale.ROOT, "Balabit %-9s %-30s %-7s train %5d  action AUC %.3f | k=20 AUC %.3f%n",
                            set, protocol.label, user, rows.size(), result.auc()[0], result.auc()[K20]);
                }
            });
            int testRows = users.stream().mapToInt(u -> test.get(u).get(set).stream().mapToInt(List::size).sum()).sum();
            double[] total = secondsAndRows.get(set);
            for (Protocol protocol : protocols) {
                List<UserResult> ordered = users.stream().map(results.get(protocol)::get).toList();
                SetResult result = new SetResult(set, protocol, ks, ordered,
                        (int) Arrays.stream(trainSizes).average().orElse(0), testRows, total[0] / total[1]);
                report.balabit.add(result);
                out.println(Report.summaryLine(result));
                if (splices.containsKey(protocol)) {
                    report.delays.put(protocol, Delays.of(splices.get(protocol), total[0] / total[1]));
                }
            }
        }
    }

    /**
     * Scores every user's held-out blocks with {@code models} (impostor → model; the user's own
     * blocks are scored by every distinct model, since each is a model of this user). With
     * {@code perImpostorModels} a user's AUC is the mean of the AUCs against each impostor,
     * weighted by that impostor's block count: the pooled AUC when one model scores all.
     */
    private UserResult score(String user, Map<String, UserModel> models,
            Map<String, Map<FeatureSet, List<List<double[]>>>> test, FeatureSet set, int[] ks,
            boolean perImpostorModels, @org.jspecify.annotations.Nullable List<Splice> splices) {
        List<List<double[]>> ownSessions = test.get(user).get(set);
        Map<UserModel, double[][]> genuineRisks = new java.util.IdentityHashMap<>();
        Map<UserModel, double[][]> genuineBlocks = new java.util.IdentityHashMap<>();
        for (UserModel model : models.values()) {
            genuineRisks.computeIfAbsent(model, m -> windowRisks(m, ownSessions));
            genuineBlocks.computeIfAbsent(model, m -> blocks(m, ownSessions, genuineRisks.get(m), ks));
        }
        double[] aucSum = new double[ks.length];
        double[] eerSum = new double[ks.length];
        double[] weight = new double[ks.length];
        List<List<Double>> genuine = new ArrayList<>();
        List<List<Double>> impostor = new ArrayList<>();
        for (int k = 0; k < ks.length; k++) {
            genuine.add(new ArrayList<>());
            impostor.add(new ArrayList<>());
        }
        Map<String, Double> byImpostor = new LinkedHashMap<>();
        java.util.Set<UserModel> pooledGenuine = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Map.Entry<String, UserModel> entry : models.entrySet()) {
            UserModel model = entry.getValue();
            List<List<double[]>> otherSessions = test.get(entry.getKey()).get(set);
            double[][] otherRisks = windowRisks(model, otherSessions);
            double[][] blocks = blocks(model, otherSessions, otherRisks, ks);
            double[][] own = genuineBlocks.get(model);
            pooledGenuine.add(model);
            for (int k = 0; k < ks.length; k++) {
                for (double b : blocks[k]) {
                    impostor.get(k).add(b);
                }
            }
            for (int k = 0; k < ks.length; k++) {
                if (blocks[k].length > 0 && own[k].length > 0) {
                    Roc roc = Roc.of(own[k], blocks[k]);
                    aucSum[k] += roc.auc() * blocks[k].length;
                    eerSum[k] += roc.eer() * blocks[k].length;
                    weight[k] += blocks[k].length;
                }
            }
            if (blocks[K20].length > 0 && own[K20].length > 0) {
                byImpostor.put(entry.getKey(), Roc.of(own[K20], blocks[K20]).auc());
            }
            if (splices != null) {
                for (int g = 0; g < ownSessions.size(); g++) {
                    int pick = g % otherSessions.size();
                    if (ownSessions.get(g).size() < 2 || otherSessions.get(pick).size() < 2) {
                        continue;
                    }
                    List<double[]> rows = new ArrayList<>(ownSessions.get(g));
                    rows.addAll(otherSessions.get(pick));
                    double[] risks = java.util.stream.DoubleStream.concat(Arrays.stream(genuineRisks.get(model)[g]),
                            Arrays.stream(otherRisks[pick])).toArray();
                    splices.add(new Splice(model, rows, risks, ownSessions.get(g).size()));
                }
            }
        }
        for (UserModel model : pooledGenuine) {
            double[][] own = genuineBlocks.get(model);
            for (int k = 0; k < ks.length; k++) {
                for (double b : own[k]) {
                    genuine.get(k).add(b);
                }
            }
        }
        double[] auc = new double[ks.length];
        double[] eer = new double[ks.length];
        double[][] g = new double[ks.length][];
        double[][] im = new double[ks.length][];
        for (int k = 0; k < ks.length; k++) {
            g[k] = genuine.get(k).stream().mapToDouble(Double::doubleValue).toArray();
            im[k] = impostor.get(k).stream().mapToDouble(Double::doubleValue).toArray();
            if (perImpostorModels) {
                auc[k] = aucSum[k] / weight[k];
                eer[k] = eerSum[k] / weight[k];
            } else {
                Roc roc = Roc.of(g[k], im[k]);
                auc[k] = roc.auc();
                eer[k] = roc.eer();
            }
        }
        return new UserResult(user, auc, eer, g, im, byImpostor);
    }

    private static double[][] windowRisks(UserModel model, List<List<double[]>> sessions) {
        return sessions.stream().map(s -> s.stream().mapToDouble(model::windowRisk).toArray()).toArray(double[][]::new);
    }

    /** Per k, the risks of non-overlapping blocks of k consecutive rows of each session. */
    private static double[][] blocks(UserModel model, List<List<double[]>> sessions, double[][] risks, int[] ks) {
        double[][] out = new double[ks.length][];
        for (int k = 0; k < ks.length; k++) {
            int size = ks[k];
            List<Double> values = new ArrayList<>();
            for (int s = 0; s < sessions.size(); s++) {
                double[] r = risks[s];
                for (int from = 0; from + size <= r.length; from += size) {
                    values.add(size == 1 ? r[from]
                            : model.sessionRisk(sessions.get(s).subList(from, from + size),
                                    Arrays.copyOfRange(r, from, from + size)));
                }
            }
            out[k] = values.stream().mapToDouble(Double::doubleValue).toArray();
        }
        return out;
    }

    void cmu(Path csv, Report report) throws IOException {
        if (!Files.isRegularFile(csv)) {
            out.println("CMU keystroke: " + csv + " not found; skipped (target mean EER <= 0.08 not measured).");
            report.cmuSkipped = "cmu-keystroke/DSL-StrongPasswordData.csv not found in the data folder";
            return;
        }
        report.cmu = cmuProtocol(CmuKeystrokeData.read(csv), hp);
        out.printf(Locale.ROOT, "CMU keystroke: %d subjects, mean EER %.3f (std %.3f), mean AUC %.3f%n",
                report.cmu.size(), Report.mean(report.cmu.values(), 1), Report.std(report.cmu.values(), 1),
                Report.mean(report.cmu.values(), 0));
    }

    /** Subject → {AUC, EER} under the Killourhy &amp; Maxion protocol. */
    static Map<String, double[]> cmuProtocol(CmuKeystrokeData.Data data, ModelHyperparameters hp) {
        int trainReps = 200;
        int impostorReps = 5;
        Map<String, double[]> results = new LinkedHashMap<>();
        for (Map.Entry<String, List<double[]>> subject : data.bySubject().entrySet()) {
            List<double[]> reps = subject.getValue();
            int train = Math.min(trainReps, reps.size() / 2);
            UserModel model = UserModel.fit(FeatureSet.FIXED_TEXT, reps.subList(0, train), hp);
            double[] genuine = reps.subList(train, reps.size()).stream().mapToDouble(model::windowRisk).toArray();
            List<Double> impostor = new ArrayList<>();
            for (Map.Entry<String, List<double[]>> other : data.bySubject().entrySet()) {
                if (!other.getKey().equals(subject.getKey())) {
                    other.getValue().stream().limit(impostorReps).forEach(r -> impostor.add(model.windowRisk(r)));
                }
            }
            Roc roc = Roc.of(genuine, impostor.stream().mapToDouble(Double::doubleValue).toArray());
            results.put(subject.getKey(), new double[] {roc.auc(), roc.eer()});
        }
        return results;
    }
}
