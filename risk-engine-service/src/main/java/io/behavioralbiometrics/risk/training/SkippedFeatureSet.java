package io.behavioralbiometrics.risk.training;

import io.behavioralbiometrics.risk.features.FeatureSet;

/**
 * A feature set that was not trained for lack of windows.
 *
 * @param rows         windows the user's events made
 * @param rowsRequired windows a model needs
 * @param eventsNeeded estimated further events of that kind that would make the missing windows
 */
record SkippedFeatureSet(FeatureSet featureSet, int rows, int rowsRequired, int eventsNeeded) {
}
