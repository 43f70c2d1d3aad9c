package io.behavioralbiometrics.risk.scoring;

import io.behavioralbiometrics.risk.features.FeatureSet;
import io.behavioralbiometrics.risk.model.RiskLevel;
import java.util.List;

/**
 * A session risk. {@code risk} (also as {@code score}, the name the design uses) is in
 * [0, 1]; {@code featureSet}, {@code modelVersion} and {@code windows} are those of the
 * deciding modality; {@code parts} lists every scored modality and {@code combination}
 * how they were combined.
 */
record ScoreResponse(double risk, double score, RiskLevel level, int modelVersion, int windows,
        FeatureSet featureSet, String combination, List<SessionScorer.Part> parts) {

    static ScoreResponse of(SessionScorer.Part decisive, List<SessionScorer.Part> parts) {
        return new ScoreResponse(decisive.risk(), decisive.risk(), decisive.level(), decisive.modelVersion(),
                decisive.windows(), decisive.featureSet(), SessionScorer.COMBINATION, parts);
    }
}
