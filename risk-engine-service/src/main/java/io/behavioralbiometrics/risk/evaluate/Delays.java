package io.behavioralbiometrics.risk.evaluate;

import io.behavioralbiometrics.risk.model.UserModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import io.behavioralbiometrics.risk.evaluate.EvaluateCommand.Splice;

/**
 * Detection delay of a takeover in the middle of a session, measured on spliced sessions (a
 * genuine held-out session followed by another user's held-out session), for two alarm rules:
 * the session CUSUM ({@link UserModel#nextEvidence}) and the session risk of
 * the last k windows ({@link UserModel#sessionRisk(List, double[])}). Each rule's threshold is
 * set so that the given share of the genuine parts raises an alarm anywhere in them (a
 * false alarm per genuine session); the delay is the number of impostor actions until the first
 * alarm after the splice, among spliced sessions without a false alarm.
 *
 * @param rows one per rule and false-alarm rate
 */
record Delays(int spliced, double secondsPerRow, List<Row> rows) {

    static final double[] FALSE_ALARMS = {0.01, 0.05};

    /**
     * @param detected share of spliced sessions (without a false alarm) alarmed before the
     *                 impostor part ended
     * @param median   median delay in actions among the detected; {@code p90} the 90th percentile
     */
    record Row(String rule, double falseAlarm, double threshold, double detected, double median, double p90,
            double impostorActions) {
    }

    static Delays of(List<Splice> splices, double secondsPerRow) {
        List<Row> rows = new ArrayList<>();
        double[][] cusum = splices.stream().map(Delays::cusum).toArray(double[][]::new);
        double[][] lastK = splices.stream().map(Delays::lastK).toArray(double[][]::new);
        double meanImpostor = splices.stream().mapToInt(s -> s.risks().length - s.at()).average().orElse(0);
        for (double alarm : FALSE_ALARMS) {
            rows.add(row("session CUSUM", alarm, splices, cusum, meanImpostor));
            rows.add(row("last 20 windows", alarm, splices, lastK, meanImpostor));
        }
        return new Delays(splices.size(), secondsPerRow, rows);
    }

    private static Row row(String rule, double alarm, List<Splice> splices, double[][] statistic, double meanImpostor) {
        double[] genuineMax = new double[splices.size()];
        for (int i = 0; i < splices.size(); i++) {
            genuineMax[i] = Arrays.stream(statistic[i], 0, splices.get(i).at()).max().orElse(0);
        }
        double[] sorted = genuineMax.clone();
        Arrays.sort(sorted);
        // The smallest threshold above all but the given share of genuine maxima.
        double threshold = Math.nextUp(sorted[Math.min(sorted.length - 1, (int) Math.floor((1 - alarm) * sorted.length))]);
        List<Integer> delays = new ArrayList<>();
        int clean = 0;
        for (int i = 0; i < splices.size(); i++) {
            if (genuineMax[i] >= threshold) {
                continue;
            }
            clean++;
            for (int t = splices.get(i).at(); t < statistic[i].length; t++) {
                if (statistic[i][t] >= threshold) {
                    delays.add(t - splices.get(i).at() + 1);
                    break;
                }
            }
        }
        int[] d = delays.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new Row(rule, alarm, threshold, clean == 0 ? 0 : (double) d.length / clean,
                d.length == 0 ? Double.NaN : d[d.length / 2],
                d.length == 0 ? Double.NaN : d[Math.min(d.length - 1, (int) Math.floor(0.9 * d.length))], meanImpostor);
    }

    /**
     * The CUSUM after every window, starting at 0 with the session. Its raw value, not its
     * evidence risk: the risk is a monotone map of it that reaches 1 in the far tail, where
     * a 1% threshold over many users' sessions may lie.
     */
    private static double[] cusum(Splice s) {
        double[] out = new double[s.risks().length];
        double state = 0;
        for (int t = 0; t < out.length; t++) {
            state = s.model().nextEvidence(state, s.risks()[t]);
            out[t] = state;
        }
        return out;
    }

    /** Session risk of the last k windows (fewer at the start) after every window. */
    private static double[] lastK(Splice s) {
        int k = s.model().hyperparameters().sessionWindows();
        double[] out = new double[s.risks().length];
        for (int t = 0; t < out.length; t++) {
            int from = Math.max(0, t + 1 - k);
            out[t] = s.model().sessionRisk(s.rows().subList(from, t + 1), Arrays.copyOfRange(s.risks(), from, t + 1));
        }
        return out;
    }
}
