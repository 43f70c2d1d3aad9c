package io.behavioralbiometrics.risk.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeystrokeFeaturesTest {

    private final FeatureExtractor extractor = new FeatureExtractor();

    private static double feature(double[] row, String name) {
        int i = FeatureSet.KEYSTROKE.featureNames().indexOf(name);
        assertThat(i).as(name).isNotNegative();
        return row[i];
    }

    private static void press(List<BehavioralEvent> events, String code, double down, double up) {
        events.add(BehavioralEvent.key(EventType.KEYDOWN, down, code));
        events.add(BehavioralEvent.key(EventType.KEYUP, up, code));
    }

    @Test
    void fixedHoldAndFlightTimesAreExact() {
        List<BehavioralEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            press(events, "KeyQ", 200.0 * i, 200.0 * i + 100);
        }
        double[] row = extractor.extract(FeatureSet.KEYSTROKE, events).getFirst();

        assertThat(feature(row, "keys")).isEqualTo(5);
        assertThat(feature(row, "duration")).isCloseTo(0.8, within(1e-12));
        assertThat(feature(row, "typingRate")).isCloseTo(5, within(1e-9));
        assertThat(feature(row, "dwellMean")).isCloseTo(0.1, within(1e-12));
        assertThat(feature(row, "dwellStd")).isCloseTo(0, within(1e-12));
        assertThat(feature(row, "dwellMedian")).isCloseTo(0.1, within(1e-12));
        assertThat(feature(row, "ddMean")).isCloseTo(0.2, within(1e-12));
        assertThat(feature(row, "udMean")).isCloseTo(0.1, within(1e-12));
        assertThat(feature(row, "rolloverRate")).isZero();
    }

    @Test
    void knownDigraphLatenciesAreRelativeToTheBurstsMeanFlight() {
        List<BehavioralEvent> events = new ArrayList<>();
        String[] codes = {"KeyT", "KeyH", "KeyE", "KeyR", "KeyE"};
        double[] downs = {0, 150, 400, 600, 800};
        for (int i = 0; i < codes.length; i++) {
            press(events, codes[i], downs[i], downs[i] + 80);
        }
        double[] row = extractor.extract(FeatureSet.KEYSTROKE, events).getFirst();

        assertThat(feature(row, "ddMean")).isCloseTo(0.2, within(1e-12));
        assertThat(feature(row, "ddStd")).isCloseTo(Math.sqrt((0.0025 + 0.0025) / 3), within(1e-12));
        assertThat(feature(row, "digraph_th")).isCloseTo(0.75, within(1e-12));
        assertThat(feature(row, "digraph_he")).isCloseTo(1.25, within(1e-12));
        assertThat(feature(row, "digraph_er")).isCloseTo(1.0, within(1e-12));
        assertThat(feature(row, "digraph_in")).isEqualTo(1);
    }

    @Test
    void maskedKeysArePairedInOrderAndContributeTimingsOnly() {
        List<BehavioralEvent> events = new ArrayList<>();
        // Two overlapping masked presses (rollover), then three more.
        events.add(BehavioralEvent.key(EventType.KEYDOWN, 0, "*"));
        events.add(BehavioralEvent.key(EventType.KEYDOWN, 50, "*"));
        events.add(BehavioralEvent.key(EventType.KEYUP, 120, "*"));
        events.add(BehavioralEvent.key(EventType.KEYUP, 200, "*"));
        press(events, "*", 300, 400);
        press(events, "*", 500, 600);
        press(events, "*", 700, 800);
        double[] row = extractor.extract(FeatureSet.KEYSTROKE, events).getFirst();

        // Dwell: 120, 150, 100, 100, 100 ms.
        assertThat(feature(row, "dwellMean")).isCloseTo(0.114, within(1e-12));
        assertThat(feature(row, "dwellMedian")).isCloseTo(0.1, within(1e-12));
        // UD: 50−120 = −70, 300−200 = 100, 100, 100 ms: one rollover in four.
        assertThat(feature(row, "udMean")).isCloseTo((-0.07 + 0.3) / 4, within(1e-12));
        assertThat(feature(row, "rolloverRate")).isCloseTo(0.25, within(1e-12));
        assertThat(feature(row, "digraph_th")).isEqualTo(1);
    }

    @Test
    void autoRepeatOfAHeldKeyCountsOnce() {
        List<BehavioralEvent> events = new ArrayList<>();
        events.add(BehavioralEvent.key(EventType.KEYDOWN, 0, "KeyA"));
        events.add(BehavioralEvent.key(EventType.KEYDOWN, 30, "KeyA"));
        events.add(BehavioralEvent.key(EventType.KEYDOWN, 60, "KeyA"));
        events.add(BehavioralEvent.key(EventType.KEYUP, 100, "KeyA"));
        for (int i = 1; i < 5; i++) {
            press(events, "KeyB", 200.0 * i, 200.0 * i + 100);
        }
        double[] row = extractor.extract(FeatureSet.KEYSTROKE, events).getFirst();
        assertThat(feature(row, "keys")).isEqualTo(5);
        assertThat(feature(row, "dwellMean")).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void aLongPauseSplitsBurstsAndShortBurstsAreSkipped() {
        List<BehavioralEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            press(events, "KeyA", 200.0 * i, 200.0 * i + 90);
        }
        for (int i = 0; i < 6; i++) {
            press(events, "KeyB", 3000 + 150.0 * i, 3000 + 150.0 * i + 90);
        }
        for (int i = 0; i < 4; i++) {
            press(events, "KeyC", 9000 + 150.0 * i, 9000 + 150.0 * i + 90);
        }
        List<double[]> rows = extractor.extract(FeatureSet.KEYSTROKE, events);
        assertThat(rows).hasSize(2);
        assertThat(feature(rows.get(1), "keys")).isEqualTo(6);
        assertThat(feature(rows.get(1), "ddMean")).isCloseTo(0.15, within(1e-12));
    }

    @Test
    void sameTimePressesAndMissingReleasesStayFinite() {
        List<BehavioralEvent> events = new ArrayList<>();
        // Five different keys pressed in the same millisecond, never released. (Five identical
        // masked presses at one time would be exact duplicates and count once.)
        for (String code : List.of("KeyA", "KeyB", "KeyC", "KeyD", "KeyE")) {
            events.add(BehavioralEvent.key(EventType.KEYDOWN, 0, code));
        }
        double[] row = extractor.extract(FeatureSet.KEYSTROKE, events).getFirst();
        assertThat(java.util.Arrays.stream(row).allMatch(Double::isFinite)).isTrue();
        assertThat(feature(row, "dwellMean")).isZero();
        assertThat(feature(row, "typingRate")).isCloseTo(4000, within(1e-6));
    }

    @Test
    void burstsAreCappedAtFiftyKeys() {
        List<BehavioralEvent> events = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            press(events, "KeyA", 100.0 * i, 100.0 * i + 50);
        }
        List<double[]> rows = extractor.extract(FeatureSet.KEYSTROKE, events);
        assertThat(rows).hasSize(3);
        assertThat(feature(rows.get(0), "keys")).isEqualTo(50);
        assertThat(feature(rows.get(2), "keys")).isEqualTo(20);
    }
}
