package io.behavioralbiometrics.risk.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RocTest {

    @Test
    void perfectSeparationHasAucOneAndEerZero() {
        Roc roc = Roc.of(new double[] {0.1, 0.2, 0.3}, new double[] {0.7, 0.8, 0.9});
        assertThat(roc.auc()).isEqualTo(1.0);
        assertThat(roc.eer()).isEqualTo(0.0);
    }

    @Test
    void identicalScoresHaveAucAndEerOneHalf() {
        Roc roc = Roc.of(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5});
        assertThat(roc.auc()).isEqualTo(0.5);
        assertThat(roc.eer()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void invertedScoresHaveAucZeroAndEerOne() {
        Roc roc = Roc.of(new double[] {0.8, 0.9}, new double[] {0.1, 0.2});
        assertThat(roc.auc()).isEqualTo(0.0);
        assertThat(roc.eer()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void handExampleWithOverlap() {
        // Pairs (impostor > genuine): 0.35>0.1, 0.8>0.1, 0.8>0.4 — 3 of 4.
        Roc roc = Roc.of(new double[] {0.1, 0.4}, new double[] {0.35, 0.8});
        assertThat(roc.auc()).isEqualTo(0.75);
        // Curve (0,0) (0,.5) (.5,.5) (.5,1) (1,1): false alarms equal misses at 0.5.
        assertThat(roc.eer()).isCloseTo(0.5, within(1e-12));
        assertThat(roc.curve()).hasSize(5);
    }

    @Test
    void eerInterpolatesBetweenCurvePoints() {
        // Genuine 0..9, impostors 5..14. AUC: impostors 5..9 beat v genuine and tie one,
        // 10..14 beat all ten: (5.5 + 6.5 + 7.5 + 8.5 + 9.5 + 50) / 100.
        double[] g = new double[10];
        double[] im = new double[10];
        for (int i = 0; i < 10; i++) {
            g[i] = i;
            im[i] = i + 5;
        }
        Roc roc = Roc.of(g, im);
        assertThat(roc.auc()).isCloseTo(0.875, within(1e-12));
        // Threshold 8: false alarms 0.2, misses 0.3; threshold 7: 0.3 and 0.2 — they cross half-way.
        assertThat(roc.eer()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void tiesCountHalfInTheAuc() {
        Roc roc = Roc.of(new double[] {0.2, 0.5}, new double[] {0.5, 0.9});
        // Pairs: 0.5 vs 0.2 win, 0.5 vs 0.5 tie, 0.9 wins twice: (1 + .5 + 2) / 4.
        assertThat(roc.auc()).isEqualTo(0.875);
    }

    @Test
    void emptyInputIsRejected() {
        assertThatThrownBy(() -> Roc.of(new double[0], new double[] {1})).isInstanceOf(IllegalArgumentException.class);
    }
}
