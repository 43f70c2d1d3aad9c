package io.behavioralbiometrics.risk.features;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keystroke dynamics over typing bursts. Key presses are paired (keydown with the next
 * keyup of the same code; masked {@code "*"} keys, whose codes are hidden, in press order);
 * auto-repeat keydowns of a held key are ignored; a press without a release still counts
 * for flight times but not for dwell. A burst ends after a pause longer than
 * {@link #BURST_PAUSE_MS} between presses or after {@link #MAX_KEYS} keys; bursts with fewer
 * than {@link #MIN_KEYS} keys are skipped. Times are in seconds.
 *
 * <p>Features: number of keys, burst duration (first to last press), typing rate (keys per
 * second), dwell (keyup − keydown), down-down and up-down flight (UD may be negative when
 * keys overlap) mean/std/median, rollover rate (share of negative UD), and for a fixed set of
 * frequent English digraphs the mean DD latency relative to the burst's mean DD (1 when the
 * digraph does not occur or the keys are masked, so a row never depends on what was typed
 * beyond those eight letter pairs).
 */
final class KeystrokeFeatures {

    static final int MIN_KEYS = 5;
    static final int MAX_KEYS = 50;
    static final double BURST_PAUSE_MS = 1500;

    /** The most frequent English letter digraphs. */
    static final List<String> DIGRAPHS = List.of("th", "he", "in", "er", "an", "re", "on", "at");

    static final List<String> NAMES = names();

    private KeystrokeFeatures() {
    }

    private static List<String> names() {
        List<String> n = new ArrayList<>(List.of("keys", "duration", "typingRate",
                "dwellMean", "dwellStd", "dwellMedian", "ddMean", "ddStd", "ddMedian",
                "udMean", "udStd", "udMedian", "rolloverRate"));
        for (String d : DIGRAPHS) {
            n.add("digraph_" + d);
        }
        return List.copyOf(n);
    }

    /** One press: its code, keydown time and keyup time (NaN until released), in ms. */
    static final class Key {
        final String code;
        final double down;
        double up = Double.NaN;

        Key(String code, double down) {
            this.code = code;
            this.down = down;
        }

        boolean masked() {
            return BehavioralEvent.MASKED_CODE.equals(code);
        }
    }

    static List<Key> pair(List<BehavioralEvent> cleaned) {
        List<Key> keys = new ArrayList<>();
        Map<String, Key> held = new HashMap<>();
        Deque<Key> heldMasked = new ArrayDeque<>();
        for (BehavioralEvent e : cleaned) {
            if (!e.type().isKey() || e.code() == null) {
                continue;
            }
            String code = e.code();
            boolean masked = BehavioralEvent.MASKED_CODE.equals(code);
            if (e.type() == EventType.KEYDOWN) {
                if (!masked && held.containsKey(code)) {
                    continue; // auto-repeat while held
                }
                Key k = new Key(code, e.t());
                keys.add(k);
                if (masked) {
                    heldMasked.addLast(k);
                } else {
                    held.put(code, k);
                }
            } else {
                Key k = masked ? heldMasked.pollFirst() : held.remove(code);
                if (k != null) {
                    k.up = e.t();
                }
            }
        }
        return keys;
    }

    static List<FeatureWindow> extract(List<BehavioralEvent> cleaned) {
        List<FeatureWindow> rows = new ArrayList<>();
        List<Key> burst = new ArrayList<>();
        for (Key k : pair(cleaned)) {
            if (!burst.isEmpty() && (k.down - burst.getLast().down > BURST_PAUSE_MS || burst.size() == MAX_KEYS)) {
                addRow(rows, burst);
                burst = new ArrayList<>();
            }
            burst.add(k);
        }
        addRow(rows, burst);
        return rows;
    }

    /** Fixed-text rows: see {@link FeatureSet#FIXED_TEXT}. Bursts with an unreleased key are skipped. */
    static List<FeatureWindow> extractFixedText(List<BehavioralEvent> cleaned) {
        List<List<Key>> bursts = new ArrayList<>();
        List<Key> burst = new ArrayList<>();
        for (Key k : pair(cleaned)) {
            if (!burst.isEmpty() && k.down - burst.getLast().down > BURST_PAUSE_MS) {
                bursts.add(burst);
                burst = new ArrayList<>();
            }
            burst.add(k);
        }
        bursts.add(burst);
        List<FeatureWindow> rows = new ArrayList<>();
        for (List<Key> b : bursts) {
            if (b.size() < MIN_KEYS || b.stream().anyMatch(k -> Double.isNaN(k.up))) {
                continue;
            }
            double[] row = new double[3 * b.size() - 1];
            for (int i = 0; i < b.size(); i++) {
                row[3 * i] = (b.get(i).up - b.get(i).down) / 1000.0;
                if (i + 1 < b.size()) {
                    row[3 * i + 1] = (b.get(i + 1).down - b.get(i).down) / 1000.0;
                    row[3 * i + 2] = (b.get(i + 1).down - b.get(i).up) / 1000.0;
                }
            }
            rows.add(new FeatureWindow(row, end(b)));
        }
        return rows;
    }

    private static void addRow(List<FeatureWindow> rows, List<Key> burst) {
        if (burst.size() >= MIN_KEYS) {
            rows.add(new FeatureWindow(features(burst), end(burst)));
        }
    }

    /** The last key event of a burst: a release, or a press whose release is not (yet) seen. */
    private static double end(List<Key> burst) {
        double end = Double.NEGATIVE_INFINITY;
        for (Key k : burst) {
            end = Math.max(end, Double.isNaN(k.up) ? k.down : k.up);
        }
        return end;
    }

    static double[] features(List<Key> burst) {
        int n = burst.size();
        double[] dwell = burst.stream().filter(k -> !Double.isNaN(k.up))
                .mapToDouble(k -> (k.up - k.down) / 1000.0).toArray();
        double[] dd = new double[n - 1];
        List<Double> ud = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            dd[i - 1] = (burst.get(i).down - burst.get(i - 1).down) / 1000.0;
            if (!Double.isNaN(burst.get(i - 1).up)) {
                ud.add((burst.get(i).down - burst.get(i - 1).up) / 1000.0);
            }
        }
        double[] udArr = ud.stream().mapToDouble(Double::doubleValue).toArray();
        double duration = (burst.getLast().down - burst.getFirst().down) / 1000.0;
        double ddMean = Stats.mean(dd);
        long rollovers = ud.stream().filter(u -> u < 0).count();

        double[] row = new double[NAMES.size()];
        int i = 0;
        row[i++] = n;
        row[i++] = duration;
        // Same-time presses (duration 0) would make the rate infinite: count them at 1 ms.
        row[i++] = (n - 1) / Math.max(duration, 0.001);
        row[i++] = Stats.mean(dwell);
        row[i++] = Stats.std(dwell);
        row[i++] = Stats.median(dwell);
        row[i++] = ddMean;
        row[i++] = Stats.std(dd);
        row[i++] = Stats.median(dd);
        row[i++] = Stats.mean(udArr);
        row[i++] = Stats.std(udArr);
        row[i++] = Stats.median(udArr);
        row[i++] = udArr.length == 0 ? 0 : (double) rollovers / udArr.length;
        for (String digraph : DIGRAPHS) {
            row[i++] = digraphLatency(burst, digraph, ddMean);
        }
        return row;
    }

    private static double digraphLatency(List<Key> burst, String digraph, double ddMean) {
        String first = "Key" + Character.toUpperCase(digraph.charAt(0));
        String second = "Key" + Character.toUpperCase(digraph.charAt(1));
        double sum = 0;
        int count = 0;
        for (int i = 1; i < burst.size(); i++) {
            if (burst.get(i - 1).code.equals(first) && burst.get(i).code.equals(second)) {
                sum += (burst.get(i).down - burst.get(i - 1).down) / 1000.0;
                count++;
            }
        }
        return count == 0 || ddMean <= 0 ? 1 : (sum / count) / ddMean;
    }
}
