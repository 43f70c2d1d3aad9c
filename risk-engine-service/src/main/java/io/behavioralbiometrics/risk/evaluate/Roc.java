package io.behavioralbiometrics.risk.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ROC analysis of a verifier: higher scores mean "more likely an impostor". The curve's
 * x axis is the false-alarm rate (genuine samples flagged), y the detection rate (impostor
 * samples flagged). AUC is the Mann-Whitney probability that a random impostor sample scores
 * above a random genuine one, ties counted half. EER is where the false-alarm rate equals the
 * miss rate, on the curve with straight segments between its points.
 */
public record Roc(double auc, double eer, List<double[]> curve) {

    public static Roc of(double[] genuine, double[] impostor) {
        if (genuine.length == 0 || impostor.length == 0) {
            throw new IllegalArgumentException("need genuine and impostor scores");
        }
        double[] g = genuine.clone();
        double[] im = impostor.clone();
        Arrays.sort(g);
        Arrays.sort(im);
        List<double[]> curve = curve(g, im);
        return new Roc(auc(g, im), eer(curve), curve);
    }

    private static double auc(double[] g, double[] im) {
        // For each impostor score: genuine below it count 1, equal count 1/2.
        double sum = 0;
        int below = 0;
        int equalEnd = 0;
        for (double s : im) {
            while (below < g.length && g[below] < s) {
                below++;
            }
            equalEnd = Math.max(equalEnd, below);
            while (equalEnd < g.length && g[equalEnd] == s) {
                equalEnd++;
            }
            sum += below + 0.5 * (equalEnd - below);
        }
        return sum / ((double) g.length * im.length);
    }

    /** Points (false-alarm rate, detection rate) from the strictest threshold to the loosest. */
    private static List<double[]> curve(double[] g, double[] im) {
        double[] thresholds = new double[g.length + im.length];
        System.arraycopy(g, 0, thresholds, 0, g.length);
        System.arraycopy(im, 0, thresholds, g.length, im.length);
        Arrays.sort(thresholds);
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 0});
        int gi = g.length;
        int ii = im.length;
        for (int t = thresholds.length - 1; t >= 0; t--) {
            if (t < thresholds.length - 1 && thresholds[t] == thresholds[t + 1]) {
                continue;
            }
            double tau = thresholds[t];
            while (gi > 0 && g[gi - 1] >= tau) {
                gi--;
            }
            while (ii > 0 && im[ii - 1] >= tau) {
                ii--;
            }
            points.add(new double[] {(double) (g.length - gi) / g.length, (double) (im.length - ii) / im.length});
        }
        return points;
    }

    private static double eer(List<double[]> points) {
        for (int i = 1; i < points.size(); i++) {
            double[] a = points.get(i - 1);
            double[] b = points.get(i);
            // f = false-alarm rate − miss rate; rises from −1 to +1 along the curve.
            double fa = a[0] - (1 - a[1]);
            double fb = b[0] - (1 - b[1]);
            if (fa <= 0 && fb >= 0) {
                double t = fb == fa ? 0 : -fa / (fb - fa);
                return a[0] + t * (b[0] - a[0]);
            }
        }
        return 0.5;
    }

    /** The curve thinned to at most {@code max} points, for plotting. */
    public List<double[]> thinned(int max) {
        if (curve.size() <= max) {
            return curve;
        }
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            out.add(curve.get((int) ((long) i * (curve.size() - 1) / (max - 1))));
        }
        return out;
    }
}
