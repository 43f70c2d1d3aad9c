package io.behavioralbiometrics.risk.features;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import java.util.List;

/**
 * The one place where features are computed: training, scoring, live scoring and the
 * offline evaluation all call this, so a model never sees rows computed differently from
 * the ones it was trained on. Stateless and thread-safe.
 *
 * <p>Input events may be unsorted and may contain duplicates: they are cleaned first (non-finite
 * times and placeholder coordinates dropped, stable sort by time, exact duplicates removed,
 * same-time mouse samples merged), see the feature set descriptions for the rest.
 */
public final class FeatureExtractor {

    /**
     * Feature rows of {@code set} from {@code events}, in time order. Every row has
     * {@link FeatureSet#dimension()} finite values (for {@link FeatureSet#FIXED_TEXT},
     * 3n − 1 for a burst of n keys). Events the set does not use are ignored;
     * too few events give an empty list, never an exception.
     */
    public List<double[]> extract(FeatureSet set, List<BehavioralEvent> events) {
        return windows(set, events).stream().map(FeatureWindow::row).toList();
    }

    /** As {@link #extract}, each row with the time of the last event it was computed from. */
    public List<FeatureWindow> windows(FeatureSet set, List<BehavioralEvent> events) {
        List<BehavioralEvent> cleaned = EventCleaner.clean(events);
        List<FeatureWindow> windows = switch (set) {
            case BASELINE -> BaselineFeatures.extract(MousePoint.moves(cleaned));
            case MOUSE -> MouseActionFeatures.extract(cleaned);
            case KEYSTROKE -> KeystrokeFeatures.extract(cleaned);
            case FIXED_TEXT -> KeystrokeFeatures.extractFixedText(cleaned);
        };
        // Defensive: a non-finite value would poison standardisation and the forest.
        return windows.stream().filter(w -> finite(w.row())).toList();
    }

    private static boolean finite(double[] row) {
        for (double v : row) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
