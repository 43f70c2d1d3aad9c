package io.behavioralbiometrics.risk.features;

/**
 * One feature row and the client time (ms) of the last event it was computed from. Live
 * scoring re-extracts a session's recent events at every rescore, so the end time tells
 * which rows it has already counted in the session evidence.
 */
public record FeatureWindow(double[] row, double end) {
}
