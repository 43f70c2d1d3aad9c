package io.behavioralbiometrics.risk.evaluate;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A self-contained SVG of ROC curves (no plotting dependency). */
final class RocPlot {

    private static final String[] COLOURS = {"#9aa5b1", "#52606d", "#f0a35e", "#c4451c", "#3f88c5", "#136f63"};
    private static final int SIZE = 420;
    private static final int MARGIN = 50;

    private RocPlot() {
    }

    static String svg(Map<String, Roc> curves) {
        int w = SIZE + 2 * MARGIN + 170;
        int h = SIZE + 2 * MARGIN;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n", w, h, w, h));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", w, h));
        s.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"black\"/>%n",
                MARGIN, MARGIN, SIZE, SIZE));
        for (int i = 0; i <= 10; i += 2) {
            double f = i / 10.0;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.1f</text>%n",
                    x(f), MARGIN + SIZE + 16, f));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>%n",
                    MARGIN - 6, y(f) + 4, f));
        }
        s.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ccc\" stroke-dasharray=\"4 4\"/>%n",
                x(0), y(0), x(1), y(1)));
        s.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">false-alarm rate (genuine flagged)</text>%n",
                MARGIN + SIZE / 2, h - 10));
        s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 14 %d)\">detection rate (impostor flagged)</text>%n", MARGIN + SIZE / 2,
                MARGIN + SIZE / 2));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"30\" text-anchor=\"middle\" font-size=\"14\">"
                + "Balabit, pooled over users</text>%n", MARGIN + SIZE / 2));
        int c = 0;
        for (Map.Entry<String, Roc> e : curves.entrySet()) {
            String colour = COLOURS[c % COLOURS.length];
            StringBuilder points = new StringBuilder();
            List<double[]> curve = e.getValue().thinned(400);
            for (double[] p : curve) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p[0]), y(p[1])));
            }
            s.append(String.format(Locale.ROOT,
                    "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", colour,
                    points.toString().trim()));
            int ly = MARGIN + 20 + 20 * c;
            s.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n",
                    MARGIN + SIZE + 15, ly, MARGIN + SIZE + 35, ly, colour));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s AUC %.3f</text>%n", MARGIN + SIZE + 40,
                    ly + 4, escape(e.getKey()), e.getValue().auc()));
            c++;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static double x(double f) {
        return MARGIN + f * SIZE;
    }

    private static double y(double f) {
        return MARGIN + (1 - f) * SIZE;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
