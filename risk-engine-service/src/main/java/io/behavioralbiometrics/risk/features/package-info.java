/**
 * Feature extraction: turns a user's raw behavioural events into fixed-width numeric rows.
 * {@link io.behavioralbiometrics.risk.features.FeatureExtractor} is the single place where
 * features are computed, shared by training, scoring, live scoring and evaluation.
 */
@NullMarked
package io.behavioralbiometrics.risk.features;

import org.jspecify.annotations.NullMarked;
