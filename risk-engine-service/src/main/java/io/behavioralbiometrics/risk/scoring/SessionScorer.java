package io.behavioralbiometrics.risk.scoring;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.risk.Modality;
import io.behavioralbiometrics.risk.RiskProperties;
import io.behavioralbiometrics.risk.features.FeatureExtractor;
import io.behavioralbiometrics.risk.features.FeatureSet;
import io.behavioralbiometrics.risk.features.FeatureWindow;
import io.behavioralbiometrics.risk.model.ModelKind;
import io.behavioralbiometrics.risk.model.RiskLevel;
import io.behavioralbiometrics.risk.model.UserModel;
import io.behavioralbiometrics.risk.registry.ModelRegistry;
import io.behavioralbiometrics.risk.registry.ModelRegistry.StoredModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Scores a run of one user's events with the user's latest models: per modality present
 * in the events, the first feature set (in {@link Modality} order) for which the user has
 * a model and the events make at least one window. When both mouse and keystroke are
 * scored, the session risk is the larger of the two: either behaviour looking foreign is
 * reason enough to step up authentication.
 */
@Service
public class SessionScorer {

    /** How two modalities' risks combine. */
    public static final String COMBINATION = "max";

    private final ModelRegistry registry;
    private final FeatureExtractor extractor;
    private final RiskProperties.Levels levels;

    SessionScorer(ModelRegistry registry, FeatureExtractor extractor, RiskProperties properties) {
        this.registry = registry;
        this.extractor = extractor;
        this.levels = properties.levels();
    }

    /**
     * One modality's score.
     *
     * @param modelKind     which kind of model answered (ONE_CLASS or BACKGROUND)
     * @param windows       windows the session risk aggregates (the last k)
     * @param risk          session risk of the last k windows
     * @param evidenceRisk  session evidence over all the request's windows (CUSUM, see
     *                      {@code UserModel#evidenceRisk}): rises after a takeover in the
     *                      middle of a long session even when the last k windows alone do not
     *                      yet say so
     * @param evidenceLevel the level of {@code evidenceRisk} under the same thresholds
     */
    public record Part(FeatureSet featureSet, int modelVersion, ModelKind modelKind, int windows, double risk,
            RiskLevel level, double evidenceRisk, RiskLevel evidenceLevel) {
    }

    /**
     * @param modelFound whether the user has a model for a modality present in the events
     * @param parts      the scored modalities; empty when there was no model or no complete window
     */
    public record Assessment(boolean modelFound, List<Part> parts) {

        /** The part that sets the session risk. */
        public Optional<Part> decisive() {
            return parts.stream().max(Comparator.comparingDouble(Part::risk));
        }
    }

    /**
     * The session evidence (CUSUM, see {@code UserModel#evidence}) of one scored part, from
     * its windows in time order and their risks.
     */
    @FunctionalInterface
    public interface EvidenceSource {

        /** Evidence over the request's windows alone, from 0: the score endpoint's. */
        EvidenceSource WHOLE_REQUEST = (set, model, windows, windowRisks) -> model.evidence(windowRisks);

        double evidence(FeatureSet set, UserModel model, List<FeatureWindow> windows, double[] windowRisks);
    }

    /** Scores {@code events} as one request: its session evidence starts at 0. */
    public Assessment assess(UUID userId, List<BehavioralEvent> events) {
        return assess(userId, events, EvidenceSource.WHOLE_REQUEST);
    }

    public Assessment assess(UUID userId, List<BehavioralEvent> events, EvidenceSource evidenceSource) {
        boolean modelFound = false;
        List<Part> parts = new ArrayList<>();
        for (Modality modality : Modality.values()) {
            if (!modality.presentIn(events)) {
                continue;
            }
            for (FeatureSet featureSet : modality.featureSets()) {
                Optional<StoredModel> stored = registry.latest(userId, featureSet);
                if (stored.isEmpty()) {
                    continue;
                }
                modelFound = true;
                List<FeatureWindow> featureWindows = extractor.windows(featureSet, events);
                if (featureWindows.isEmpty()) {
                    continue;
                }
                List<double[]> rows = featureWindows.stream().map(FeatureWindow::row).toList();
                StoredModel model = stored.get();
                UserModel m = model.model();
                double[] windowRisks = rows.stream().mapToDouble(m::windowRisk).toArray();
                double risk = m.sessionRisk(rows, windowRisks);
                double evidence = m.evidenceRisk(evidenceSource.evidence(featureSet, m, featureWindows, windowRisks));
                int windows = Math.min(rows.size(), m.hyperparameters().sessionWindows());
                parts.add(new Part(featureSet, model.version(), m.kind(), windows, risk, levels.of(risk), evidence,
                        levels.of(evidence)));
                break;
            }
        }
        return new Assessment(modelFound, List.copyOf(parts));
    }
}
