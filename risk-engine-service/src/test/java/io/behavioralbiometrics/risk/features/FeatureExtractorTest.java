package io.behavioralbiometrics.risk.features;

import static io.behavioralbiometrics.core.event.BehavioralEvent.mouseMove;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {

    private final FeatureExtractor extractor = new FeatureExtractor();

    @Test
    void featureSetsAreVersionedAndNamed() {
        assertThat(FeatureSet.BASELINE.version()).isEqualTo("baseline-v1");
        assertThat(FeatureSet.BASELINE.featureNames())
                .containsExactly("speedMean", "speedStd", "speedMax", "dtMean", "dtStd", "distanceTotal");
        assertThat(FeatureSet.BASELINE.minEventsPerWindow()).isEqualTo(10);
        assertThat(FeatureSet.MOUSE.version()).isEqualTo("mouse-v1");
        assertThat(FeatureSet.MOUSE.dimension()).isEqualTo(44);
        assertThat(FeatureSet.KEYSTROKE.version()).isEqualTo("keystroke-v1");
        assertThat(FeatureSet.KEYSTROKE.dimension()).isEqualTo(21);
    }

    /** Ten moves, 10 px apart along x, with time steps alternating 10 ms and 20 ms. */
    private static List<BehavioralEvent> alternatingWindow(double t0) {
        List<BehavioralEvent> events = new ArrayList<>();
        double t = t0;
        for (int i = 0; i < 10; i++) {
            events.add(mouseMove(t, 10 * i, 50));
            t += i % 2 == 0 ? 10 : 20;
        }
        return events;
    }

    @Test
    void baselineComputesTheSixOriginalFeaturesWithSampleStd() {
        double[] row = extractor.extract(FeatureSet.BASELINE, alternatingWindow(1000)).getFirst();

        // Steps: five of 10 ms (1000 px/s) and four of 20 ms (500 px/s), 10 px each.
        double speedMean = (5 * 1000 + 4 * 500) / 9.0;
        double speedSs = 5 * Math.pow(1000 - speedMean, 2) + 4 * Math.pow(500 - speedMean, 2);
        double dtMean = (5 * 0.010 + 4 * 0.020) / 9.0;
        double dtSs = 5 * Math.pow(0.010 - dtMean, 2) + 4 * Math.pow(0.020 - dtMean, 2);
        assertThat(row[0]).isCloseTo(speedMean, within(1e-9));
        assertThat(row[1]).isCloseTo(Math.sqrt(speedSs / 8), within(1e-9));
        assertThat(row[2]).isCloseTo(1000, within(1e-9));
        assertThat(row[3]).isCloseTo(dtMean, within(1e-12));
        assertThat(row[4]).isCloseTo(Math.sqrt(dtSs / 8), within(1e-12));
        assertThat(row[5]).isCloseTo(90, within(1e-9));
    }

    @Test
    void windowsEndAtTheirLastEventAndCarryTheSameRowsAsExtract() {
        List<BehavioralEvent> events = new ArrayList<>(alternatingWindow(1000));
        events.addAll(alternatingWindow(2000));
        for (int i = 0; i < 5; i++) {
            events.add(BehavioralEvent.key(EventType.KEYDOWN, 3000 + 150 * i, "Key" + (char) ('A' + i)));
            events.add(BehavioralEvent.key(EventType.KEYUP, 3080 + 150 * i, "Key" + (char) ('A' + i)));
        }
        events.add(BehavioralEvent.key(EventType.KEYDOWN, 3900, "KeyF"));

        List<FeatureWindow> baseline = extractor.windows(FeatureSet.BASELINE, events);
        assertThat(baseline).extracting(FeatureWindow::end).containsExactly(1130.0, 2130.0);
        assertThat(baseline).extracting(FeatureWindow::row)
                .containsExactlyElementsOf(extractor.extract(FeatureSet.BASELINE, events));
        // A burst ends at its last key event: a press whose release is not seen yet counts.
        assertThat(extractor.windows(FeatureSet.KEYSTROKE, events)).extracting(FeatureWindow::end)
                .containsExactly(3900.0);
    }

    @Test
    void baselineWindowsDoNotOverlapAndPartialWindowsAreDropped() {
        List<BehavioralEvent> events = new ArrayList<>(alternatingWindow(0));
        events.addAll(alternatingWindow(1000));
        events.addAll(alternatingWindow(2000).subList(0, 9));
        assertThat(extractor.extract(FeatureSet.BASELINE, events)).hasSize(2);
        assertThat(extractor.extract(FeatureSet.BASELINE, events.subList(0, 9))).isEmpty();
    }

    @Test
    void unsortedAndDuplicatedEventsGiveTheSameRowsAsCleanOnes() {
        List<BehavioralEvent> clean = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            clean.add(mouseMove(i * 16.0, i * i, 3.0 * i));
        }
        clean.add(BehavioralEvent.button(EventType.MOUSEDOWN, 40 * 16.0, 1600, 120, 0));
        clean.add(BehavioralEvent.button(EventType.MOUSEUP, 40 * 16.0 + 90, 1600, 120, 0));
        List<BehavioralEvent> messy = new ArrayList<>(clean);
        messy.addAll(clean.subList(5, 15));
        Collections.shuffle(messy, new Random(3));

        for (FeatureSet set : List.of(FeatureSet.BASELINE, FeatureSet.MOUSE)) {
            List<double[]> expected = extractor.extract(set, clean);
            List<double[]> actual = extractor.extract(set, messy);
            assertThat(expected).isNotEmpty();
            assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
        }
    }

    @Test
    void sameTimeMovesAreMergedKeepingTheLaterPositionSoSpeedsStayFinite() {
        List<BehavioralEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(mouseMove(10.0 * i, 10 * i, 0));
        }
        // A second sample at t = 50 (same time, further on): merged into one sample at x = 55.
        events.add(6, mouseMove(50, 55, 0));
        events.add(mouseMove(100, 100, 0));
        double[] row = extractor.extract(FeatureSet.BASELINE, events).getFirst();

        assertThat(java.util.Arrays.stream(row).allMatch(Double::isFinite)).isTrue();
        // Samples: 0,10,20,30,40,55 (t=50),60,70,80,90 — the first window ends at x = 90.
        assertThat(row[5]).isCloseTo(90, within(1e-9));
        assertThat(row[2]).isCloseTo(1500, within(1e-9));
    }

    @Test
    void placeholderCoordinatesAreDropped() {
        List<BehavioralEvent> events = new ArrayList<>(alternatingWindow(0));
        events.add(4, mouseMove(35, 65535, 65535));
        events.add(mouseMove(500, Double.NaN, 3));
        double[] row = extractor.extract(FeatureSet.BASELINE, events).getFirst();
        assertThat(row[5]).isCloseTo(90, within(1e-9));
    }

    @Test
    void aTeleportRestartsTheWindow() {
        List<BehavioralEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(mouseMove(10.0 * i, i, 0));
        }
        // 3000 px in 10 ms: the pointer left and came back elsewhere.
        for (int i = 0; i < 10; i++) {
            events.add(mouseMove(50 + 10.0 * i, 3000 + i, 0));
        }
        List<double[]> rows = extractor.extract(FeatureSet.BASELINE, events);
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst()[5]).isCloseTo(9, within(1e-9));
        assertThat(rows.getFirst()[2]).isCloseTo(100, within(1e-9));
    }

    @Test
    void eventsOfOtherKindsAndTooFewEventsGiveNoRows() {
        List<BehavioralEvent> keys = List.of(
                BehavioralEvent.key(EventType.KEYDOWN, 0, "KeyA"), BehavioralEvent.key(EventType.KEYUP, 80, "KeyA"));
        assertThat(extractor.extract(FeatureSet.BASELINE, keys)).isEmpty();
        assertThat(extractor.extract(FeatureSet.MOUSE, keys)).isEmpty();
        assertThat(extractor.extract(FeatureSet.KEYSTROKE, alternatingWindow(0))).isEmpty();
        assertThat(extractor.extract(FeatureSet.KEYSTROKE, List.of())).isEmpty();
    }
}
