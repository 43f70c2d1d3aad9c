package io.behavioralbiometrics.risk.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.behavioralbiometrics.risk.features.FeatureSet;
import io.behavioralbiometrics.risk.model.ModelKind;
import java.util.List;
import java.util.UUID;

/**
 * The original's response fields ({@code status}, {@code user_id}, {@code events_processed},
 * {@code feature_rows_created}) plus the stored models.
 *
 * @param eventsProcessed    raw events read for the user
 * @param featureRowsCreated feature rows over all trained models
 * @param totalTrainingMillis reading, feature extraction, fitting and storing
 */
record TrainingResponse(
        String status,
        @JsonProperty("user_id") UUID userId,
        @JsonProperty("events_processed") int eventsProcessed,
        @JsonProperty("feature_rows_created") int featureRowsCreated,
        List<TrainedModel> models,
        List<SkippedFeatureSet> skipped,
        long totalTrainingMillis) {

    /**
     * @param modelKind       ONE_CLASS (the user's behaviour only: cold start or background
     *                        disabled) or BACKGROUND (also learnt against other users' rows)
     * @param backgroundUsers how many other users' pool rows the model learnt against
     * @param trainingMillis  time to fit this model
     */
    record TrainedModel(FeatureSet featureSet, String featureSetVersion, int version, ModelKind modelKind,
            int backgroundUsers, int trainingRows, long trainingMillis) {
    }
}
