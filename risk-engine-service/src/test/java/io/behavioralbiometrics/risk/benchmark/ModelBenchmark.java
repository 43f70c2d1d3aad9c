package io.behavioralbiometrics.risk.benchmark;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.core.event.EventType;
import io.behavioralbiometrics.risk.features.FeatureExtractor;
import io.behavioralbiometrics.risk.features.FeatureSet;
import io.behavioralbiometrics.risk.model.ModelHyperparameters;
import io.behavioralbiometrics.risk.model.UserModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Not a test: prints training time (feature extraction + fit) for 10k and 100k synthetic
 * mouse events per feature set, p50/p99 latency of scoring one window, and of one live
 * rescore (decoding, extracting and scoring a session's kept events); then the same for a
 * background model: 10,000 of the user's own mouse rows against a full background sample
 * (the default {@code bb.risk.background} bounds: 100 users of 500 rows), with the
 * serialized size of each kind of model. Run with
 * {@code ./mvnw -q -pl risk-engine-service -am -Dexec.skip -Dexec.executable=java
 * test-compile exec:exec@benchmark}.
 */
public final class ModelBenchmark {

    private ModelBenchmark() {
    }

    /** Human-like strokes: accelerate/decelerate towards random targets, clicks, pauses. */
    static List<BehavioralEvent> events(int count, long seed) {
        Random random = new Random(seed);
        List<BehavioralEvent> events = new ArrayList<>(count);
        double t = 1_700_000_000_000.0;
        double x = 500;
        double y = 400;
        while (events.size() < count) {
            double tx = 50 + random.nextDouble() * 1800;
            double ty = 50 + random.nextDouble() * 900;
            int steps = 10 + random.nextInt(40);
            double sx = x;
            double sy = y;
            for (int i = 1; i <= steps && events.size() < count; i++) {
                double f = 0.5 - 0.5 * Math.cos(Math.PI * i / steps);
                t += 8 + random.nextInt(10);
                x = sx + (tx - sx) * f + random.nextGaussian();
                y = sy + (ty - sy) * f + random.nextGaussian();
                events.add(BehavioralEvent.mouseMove(t, x, y));
            }
            if (random.nextBoolean()) {
                t += 80 + random.nextInt(200);
                events.add(BehavioralEvent.button(EventType.MOUSEDOWN, t, x, y, 0));
                t += 60 + random.nextInt(80);
                events.add(BehavioralEvent.button(EventType.MOUSEUP, t, x, y, 0));
            }
            t += random.nextInt(4) == 0 ? 1500 : 200;
        }
        return events;
    }

    public static void main(String[] args) {
        FeatureExtractor extractor = new FeatureExtractor();
        ModelHyperparameters hp = ModelHyperparameters.DEFAULTS;
        System.out.printf(Locale.ROOT, "JVM %s, %d processors, hyperparameters %s%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), hp);
        // Warm-up so the JIT compiles the hot paths before anything is timed.
        for (FeatureSet set : List.of(FeatureSet.BASELINE, FeatureSet.MOUSE)) {
            UserModel.fit(set, extractor.extract(set, events(20_000, 1)), hp);
        }
        for (FeatureSet set : List.of(FeatureSet.BASELINE, FeatureSet.MOUSE)) {
            for (int count : new int[] {10_000, 100_000}) {
                List<BehavioralEvent> events = events(count, 2);
                long start = System.nanoTime();
                List<double[]> rows = extractor.extract(set, events);
                long extracted = System.nanoTime();
                UserModel model = UserModel.fit(set, rows, hp);
                long fitted = System.nanoTime();
                System.out.printf(Locale.ROOT, "%-8s %6d events -> %5d rows: extract %6.0f ms, fit %6.0f ms%n",
                        set, count, rows.size(), (extracted - start) / 1e6, (fitted - extracted) / 1e6);

                windowLatency(set, model, extractor.extract(set, events(20_000, 3)), 5000);
                if (set == FeatureSet.MOUSE && count == 100_000) {
                    liveRescore(extractor, model);
                }
            }
        }
        backgroundModel(extractor, hp);
    }

    /** A user with 10,000 own mouse rows against 100 background users of 500 rows each. */
    private static void backgroundModel(FeatureExtractor extractor, ModelHyperparameters hp) {
        FeatureSet set = FeatureSet.MOUSE;
        List<double[]> own = new ArrayList<>(extractor.extract(set, events(520_000, 5)));
        own = own.subList(0, Math.min(own.size(), 10_000));
        List<List<double[]>> background = new ArrayList<>();
        for (int user = 0; user < 100; user++) {
            List<double[]> rows = extractor.extract(set, events(30_000, 100 + user));
            background.add(rows.subList(0, Math.min(rows.size(), 500)));
        }
        int backgroundRows = background.stream().mapToInt(List::size).sum();
        UserModel.fit(set, own.subList(0, 2000), background.subList(0, 20), hp); // warm-up
        long start = System.nanoTime();
        UserModel oneClass = UserModel.fit(set, own, hp);
        long oneClassFitted = System.nanoTime();
        UserModel model = UserModel.fit(set, own, background, hp);
        long fitted = System.nanoTime();
        System.out.printf(Locale.ROOT, "%-8s %d own rows, background %d users / %d rows: fit one-class %.2f s, "
                        + "fit %s %.2f s%n", set, own.size(), background.size(), backgroundRows,
                (oneClassFitted - start) / 1e9, model.kind(), (fitted - oneClassFitted) / 1e9);
        System.out.printf(Locale.ROOT, "%-8s serialized model: one-class %.0f KiB, %s %.0f KiB%n", set,
                oneClass.serialize().length / 1024.0, model.kind(), model.serialize().length / 1024.0);
        windowLatency(set, model, extractor.extract(set, events(60_000, 6)), 20_000);
        liveRescore(extractor, model);
    }

    /** p50/p99 of scoring one window, over {@code n} scores of the probe rows in turn. */
    private static void windowLatency(FeatureSet set, UserModel model, List<double[]> probe, int n) {
        long[] nanos = new long[n];
        double sink = 0;
        for (int i = 0; i < n; i++) {
            double[] row = probe.get(i % probe.size());
            long s = System.nanoTime();
            sink += model.windowRisk(row);
            nanos[i] = System.nanoTime() - s;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-8s %s window score latency: p50 %.1f us, p99 %.1f us (checksum %.1f)%n",
                set, model.kind(), nanos[n / 2] / 1e3, nanos[(int) (n * 0.99)] / 1e3, sink);
    }

    /**
     * One live rescore at the default {@code bb.risk.live.window-events}: decode, extract,
     * session risk and evidence (the Redis calls are not included).
     */
    private static void liveRescore(FeatureExtractor extractor, UserModel model) {
        int windowEvents = 3000;
        EventCodec codec = new EventCodec();
        List<BehavioralEvent> stream = events(200_000, 4);
        int n = 500;
        long[] nanos = new long[n];
        double sink = 0;
        long rows = 0;
        for (int i = 0; i < n; i++) {
            int from = (int) ((long) i * (stream.size() - windowEvents) / n);
            String json = codec.encodeEvents(stream.subList(from, from + windowEvents));
            long s = System.nanoTime();
            List<double[]> window = extractor.extract(FeatureSet.MOUSE, codec.decodeEvents(json));
            // As SessionScorer does: every kept window is scored, for the risk and the session evidence.
            double[] risks = window.stream().mapToDouble(model::windowRisk).toArray();
            sink += model.sessionRisk(window, risks) + model.evidence(risks);
            nanos[i] = System.nanoTime() - s;
            rows += window.size();
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "MOUSE    %s live rescore of %d events (%d actions on average, all "
                        + "scored, risk of the last %d): p50 %.1f ms, p99 %.1f ms (checksum %.1f)%n", model.kind(), windowEvents, rows / n,
                model.hyperparameters().sessionWindows(), nanos[n / 2] / 1e6, nanos[(int) (n * 0.99)] / 1e6, sink);
    }
}
