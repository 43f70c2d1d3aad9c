package io.behavioralbiometrics.risk.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.behavioralbiometrics.risk.features.FeatureSet;
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

    /** @param trainingMillis time to fit this model */
    record TrainedModel(FeatureSet featureSet, String featureSetVersion, int version, int trainingRows,
            long trainingMillis) {
    }
}
