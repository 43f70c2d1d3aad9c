package io.behavioralbiometrics.risk;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventType;
import io.behavioralbiometrics.risk.features.FeatureSet;
import java.util.Collection;
import java.util.List;

/**
 * The two kinds of behaviour a user shows, and the feature sets modelling each. Training
 * fits every feature set of a modality with enough data; scoring uses the first one, in
 * this order of preference, for which the user has a model.
 */
public enum Modality {

    /** Mouse actions first; the original's baseline windows as a fallback and for comparison. */
    MOUSE(List.of(FeatureSet.MOUSE, FeatureSet.BASELINE)),
    KEYSTROKE(List.of(FeatureSet.KEYSTROKE));

    private final List<FeatureSet> featureSets;

    Modality(List<FeatureSet> featureSets) {
        this.featureSets = featureSets;
    }

    public List<FeatureSet> featureSets() {
        return featureSets;
    }

    public boolean includes(BehavioralEvent event) {
        return this == MOUSE ? event.type().isPointer() || event.type() == EventType.WHEEL : event.type().isKey();
    }

    public boolean presentIn(Collection<BehavioralEvent> events) {
        return events.stream().anyMatch(this::includes);
    }

    public static Modality of(FeatureSet featureSet) {
        return featureSet == FeatureSet.KEYSTROKE || featureSet == FeatureSet.FIXED_TEXT ? KEYSTROKE : MOUSE;
    }

    /** Events a feature set reads: moves for the baseline, pointer events for actions, keys for keystrokes. */
    public static long relevantEvents(FeatureSet featureSet, Collection<BehavioralEvent> events) {
        return events.stream().filter(event -> switch (featureSet) {
            case BASELINE -> event.type() == EventType.MOUSEMOVE;
            case MOUSE -> event.type().isPointer();
            case KEYSTROKE, FIXED_TEXT -> event.type().isKey();
        }).count();
    }
}
