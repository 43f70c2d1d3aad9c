package io.behavioralbiometrics.risk.features;

import static io.behavioralbiometrics.core.event.BehavioralEvent.mouseMove;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MouseActionFeaturesTest {

    private final FeatureExtractor extractor = new FeatureExtractor();

    private static double feature(double[] row, String name) {
        int i = FeatureSet.MOUSE.featureNames().indexOf(name);
        assertThat(i).as(name).isNotNegative();
        return row[i];
    }

    private static List<BehavioralEvent> straightLine(double t0, double x0, int points) {
        List<BehavioralEvent> events = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            events.add(mouseMove(t0 + 10.0 * i, x0 + 10.0 * i, 0));
        }
        return events;
    }

    @Test
    void straightLineAtConstantSpeedHasExactKinematics() {
        double[] row = extractor.extract(FeatureSet.MOUSE, straightLine(0, 0, 11)).getFirst();

        assertThat(feature(row, "isPointClick")).isZero();
        assertThat(feature(row, "isDragDrop")).isZero();
        assertThat(feature(row, "duration")).isCloseTo(0.1, within(1e-12));
        assertThat(feature(row, "distance")).isCloseTo(100, within(1e-9));
        assertThat(feature(row, "straightness")).isCloseTo(1, within(1e-12));
        assertThat(feature(row, "numPoints")).isEqualTo(11);
        assertThat(feature(row, "sumOfAngles")).isZero();
        assertThat(feature(row, "largestDeviation")).isZero();
        assertThat(feature(row, "criticalPoints")).isZero();
        assertThat(feature(row, "directionCos")).isCloseTo(1, within(1e-12));
        assertThat(feature(row, "directionSin")).isCloseTo(0, within(1e-12));
        for (String stat : List.of("Mean", "Min", "Max")) {
            assertThat(feature(row, "vx" + stat)).isCloseTo(1000, within(1e-9));
            assertThat(feature(row, "v" + stat)).isCloseTo(1000, within(1e-9));
            assertThat(feature(row, "vy" + stat)).isCloseTo(0, within(1e-9));
        }
        assertThat(feature(row, "vStd")).isCloseTo(0, within(1e-9));
        for (String series : List.of("a", "jerk", "omega", "curvature")) {
            for (String stat : List.of("Mean", "Std", "Min", "Max")) {
                assertThat(feature(row, series + stat)).as(series + stat).isCloseTo(0, within(1e-9));
            }
        }
        assertThat(feature(row, "pauses")).isZero();
        assertThat(feature(row, "clickDwell")).isZero();
    }

    @Test
    void rightAngleTurnsByHalfPiAndIsACriticalPoint() {
        List<BehavioralEvent> events = List.of(
                mouseMove(0, 0, 0), mouseMove(10, 10, 0), mouseMove(20, 20, 0),
                mouseMove(30, 20, 10), mouseMove(40, 20, 20));
        double[] row = extractor.extract(FeatureSet.MOUSE, events).getFirst();

        assertThat(feature(row, "sumOfAngles")).isCloseTo(Math.PI / 2, within(1e-12));
        assertThat(feature(row, "criticalPoints")).isEqualTo(1);
        assertThat(feature(row, "curvatureMax")).isCloseTo(Math.PI / 2 / 10, within(1e-12));
        assertThat(feature(row, "omegaMax")).isCloseTo(Math.PI / 2 / 0.01, within(1e-9));
        assertThat(feature(row, "straightness")).isCloseTo(Math.sqrt(800) / 40, within(1e-12));
        assertThat(feature(row, "largestDeviation")).isCloseTo(400 / Math.sqrt(800), within(1e-9));
        assertThat(feature(row, "distance")).isCloseTo(40, within(1e-12));
        // End-to-end direction is 45° down-right in screen coordinates.
        assertThat(feature(row, "directionSin")).isCloseTo(Math.sqrt(0.5), within(1e-12));
    }

    @Test
    void acceleratingLineHasExactAccelerationAndJerk() {
        // Step lengths 10, 20, 30, 40 px every 10 ms: speeds 1000..4000 px/s, a = 100000 px/s².
        double[] x = {0, 10, 30, 60, 100};
        List<BehavioralEvent> events = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            events.add(mouseMove(10.0 * i, x[i], 0));
        }
        double[] row = extractor.extract(FeatureSet.MOUSE, events).getFirst();

        assertThat(feature(row, "vMean")).isCloseTo(2500, within(1e-9));
        assertThat(feature(row, "aMean")).isCloseTo(100_000, within(1e-6));
        assertThat(feature(row, "aStd")).isCloseTo(0, within(1e-6));
        assertThat(feature(row, "jerkMax")).isCloseTo(0, within(1e-3));
        assertThat(feature(row, "accelerationTimeAtStart")).isCloseTo(0.03, within(1e-12));
    }

    @Test
    void pointClickRecordsTimeToClickAndDwell() {
        List<BehavioralEvent> events = new ArrayList<>(straightLine(0, 0, 6));
        events.add(BehavioralEvent.button(EventType.MOUSEDOWN, 250, 50, 0, 0));
        events.add(BehavioralEvent.button(EventType.MOUSEUP, 370, 50, 0, 0));
        events.add(BehavioralEvent.button(EventType.CLICK, 371, 50, 0, 0));
        List<double[]> rows = extractor.extract(FeatureSet.MOUSE, events);

        assertThat(rows).hasSize(1);
        double[] row = rows.getFirst();
        assertThat(feature(row, "isPointClick")).isEqualTo(1);
        assertThat(feature(row, "isDragDrop")).isZero();
        assertThat(feature(row, "timeToClick")).isCloseTo(0.2, within(1e-12));
        assertThat(feature(row, "clickDwell")).isCloseTo(0.12, within(1e-12));
        assertThat(feature(row, "pauses")).isZero();
    }

    @Test
    void movementWithTheButtonHeldIsADragDrop() {
        List<BehavioralEvent> events = new ArrayList<>();
        events.add(BehavioralEvent.button(EventType.MOUSEDOWN, 0, 0, 0, 0));
        events.addAll(straightLine(20, 0, 8));
        events.add(BehavioralEvent.button(EventType.MOUSEUP, 200, 70, 0, 0));
        double[] row = extractor.extract(FeatureSet.MOUSE, events).getFirst();

        assertThat(feature(row, "isDragDrop")).isEqualTo(1);
        assertThat(feature(row, "clickDwell")).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void aLongPauseOrAWheelEndsAMovement() {
        List<BehavioralEvent> events = new ArrayList<>(straightLine(0, 0, 5));
        events.addAll(straightLine(2040, 100, 5)); // 2 s after the last sample at 40 ms
        events.add(BehavioralEvent.wheel(2100, 120));
        events.addAll(straightLine(2110, 300, 5));
        List<double[]> rows = extractor.extract(FeatureSet.MOUSE, events);

        assertThat(rows).hasSize(3);
        assertThat(feature(rows.get(1), "idleBefore")).isCloseTo(2.0, within(1e-12));
        assertThat(feature(rows.get(2), "idleBefore")).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void shortPausesInsideAnActionAreCounted() {
        List<BehavioralEvent> events = List.of(mouseMove(0, 0, 0), mouseMove(10, 10, 0),
                mouseMove(310, 20, 0), mouseMove(320, 30, 0), mouseMove(600, 40, 0));
        assertThat(feature(extractor.extract(FeatureSet.MOUSE, events).getFirst(), "pauses")).isEqualTo(2);
    }

    @Test
    void actionsWithTooFewPointsOrTinyDistanceAreSkipped() {
        assertThat(extractor.extract(FeatureSet.MOUSE, straightLine(0, 0, 3))).isEmpty();
        List<BehavioralEvent> jitter = List.of(mouseMove(0, 0, 0), mouseMove(10, 1, 0), mouseMove(20, 0, 0),
                mouseMove(30, 1, 0), mouseMove(40, 0, 0));
        assertThat(extractor.extract(FeatureSet.MOUSE, jitter)).isEmpty();
    }

    @Test
    void angleWrappingStaysWithinHalfTurn() {
        assertThat(MouseActionFeatures.wrap(3 * Math.PI / 2)).isCloseTo(-Math.PI / 2, within(1e-12));
        assertThat(MouseActionFeatures.wrap(-3 * Math.PI / 2)).isCloseTo(Math.PI / 2, within(1e-12));
        assertThat(MouseActionFeatures.wrap(Math.PI)).isCloseTo(Math.PI, within(1e-12));
    }
}
