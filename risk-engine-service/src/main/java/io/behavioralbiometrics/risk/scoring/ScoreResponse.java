package io.behavioralbiometrics.risk.scoring;

import io.behavioralbiometrics.risk.features.FeatureSet;
import io.behavioralbiometrics.risk.model.ModelKind;
import io.behavioralbiometrics.risk.model.RiskLevel;
import java.util.List;

/**
 * A session risk. {@code risk} (also as {@code score}, the name the design uses) is in
 * [0, 1]; {@code featureSet}, {@code modelVersion}, {@code modelKind}, {@code windows} and the
 * session evidence ({@code evidenceRisk}, {@code evidenceLevel}) are those of the deciding modality; {@code parts} lists every scored modality and {@code combination}
 * how they were combined.
 */
record ScoreResponse(double risk, double score, RiskLevel level, int modelVersion, ModelKind modelKind, int windows,
        FeatureSet featureSet, double evidenceRisk, RiskLevel evidenceLevel, String combination,
        List<SessionScorer.Part> parts) {

    static ScoreResponse of(SessionScorer.Part decisive, List<SessionScorer.Part> parts) {
        return new ScoreResponse(decisive.risk(), decisive.risk(), decisive.level(), decisive.modelVersion(),
                decisive.modelKind(), decisive.windows(), decisive.featureSet(), decisive.evidenceRisk(),
                decisive.evidenceLevel(), SessionScorer.COMBINATION, parts);
    }
}
