package io.behavioralbiometrics.risk.features;

import java.util.ArrayList;
import java.util.List;

/**
 * Versioned feature sets. A model records the set and version it was trained on; rows of
 * another set or version are never scored against it. Change {@link #version()} whenever a
 * feature's definition changes.
 */
public enum FeatureSet {

    /**
     * The original system's six features over non-overlapping windows of 10 consecutive
     * {@code mousemove} events: mean, sample standard deviation and maximum speed (px/s),
     * mean and sample standard deviation of the time between moves (s), total distance (px).
     */
    BASELINE("baseline-v1", 10, List.of(
            "speedMean", "speedStd", "speedMax", "dtMean", "dtStd", "distanceTotal")),

    /**
     * One row per mouse action (movement, point-click or drag-drop), after Ahmed &amp; Traore
     * (2007), Shen et al. (2012) and Antal &amp; Egyed-Zsigmond (2019).
     */
    MOUSE("mouse-v1", MouseActionFeatures.MIN_POINTS, MouseActionFeatures.NAMES),

    /**
     * One row per typing burst: dwell and flight (down-down, up-down) statistics, typing rate,
     * rollover rate and relative latencies of frequent digraphs (when key codes are present).
     */
    KEYSTROKE("keystroke-v1", KeystrokeFeatures.MIN_KEYS, KeystrokeFeatures.NAMES),

    /**
     * Fixed-text typing (a password typed in a masked field, or the CMU benchmark's
     * {@code .tie5Roanl}): one row per typing burst of n keys, all released, with the 3n − 1
     * timings in typing order {@code H.1, DD.1.2, UD.1.2, H.2, …, H.n} (seconds), the layout
     * of Killourhy &amp; Maxion's data set. The width depends on the text, so
     * {@link #dimension()} is 0 and a model takes the width of its training rows.
     */
    FIXED_TEXT("fixed-text-v1", KeystrokeFeatures.MIN_KEYS, List.of());

    private final String version;
    private final int minEventsPerWindow;
    private final List<String> featureNames;

    FeatureSet(String version, int minEventsPerWindow, List<String> featureNames) {
        this.version = version;
        this.minEventsPerWindow = minEventsPerWindow;
        this.featureNames = List.copyOf(new ArrayList<>(featureNames));
    }

    /** Version tag stored with every model, e.g. {@code baseline-v1}. */
    public String version() {
        return version;
    }

    /** Names of the row's columns, in order. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** Row width, or 0 when it depends on the data ({@link #FIXED_TEXT}). */
    public int dimension() {
        return featureNames.size();
    }

    /**
     * Fewest relevant events one row needs: moves for {@link #BASELINE}, points of an action
     * for {@link #MOUSE}, keys of a burst for {@link #KEYSTROKE}.
     */
    public int minEventsPerWindow() {
        return minEventsPerWindow;
    }
}
