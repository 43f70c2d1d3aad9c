package io.behavioralbiometrics.risk.training;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.risk.Modality;
import io.behavioralbiometrics.risk.RiskProperties;
import io.behavioralbiometrics.risk.background.BackgroundPool;
import io.behavioralbiometrics.risk.background.BackgroundSample;
import io.behavioralbiometrics.risk.features.FeatureExtractor;
import io.behavioralbiometrics.risk.features.FeatureSet;
import io.behavioralbiometrics.risk.model.ModelHyperparameters;
import io.behavioralbiometrics.risk.model.UserModel;
import io.behavioralbiometrics.risk.registry.ModelRegistry;
import io.behavioralbiometrics.risk.registry.ModelRegistry.NewModel;
import io.behavioralbiometrics.risk.registry.ModelRegistry.StoredModel;
import io.behavioralbiometrics.risk.training.TrainingResponse.TrainedModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Trains a user's models from their stored events: one per feature set with enough
 * windows, each against a background sample of other users' rows when the pool has enough
 * (and the user's own rows join the pool). Reading and fitting run outside any transaction; only storing the fitted
 * models is one short transaction.
 */
@Service
class TrainingService {

    private static final Logger log = LoggerFactory.getLogger(TrainingService.class);

    private final UserEventReader reader;
    private final FeatureExtractor extractor;
    private final ModelRegistry registry;
    private final ModelHyperparameters hyperparameters;
    private final RiskProperties.Training settings;
    private final BackgroundPool pool;
    private final TrainingLeases leases;

    TrainingService(UserEventReader reader, FeatureExtractor extractor, ModelRegistry registry,
            ModelHyperparameters hyperparameters, RiskProperties properties, BackgroundPool pool,
            TrainingLeases leases) {
        this.pool = pool;
        this.leases = leases;
        this.reader = reader;
        this.extractor = extractor;
        this.registry = registry;
        this.hyperparameters = hyperparameters;
        this.settings = properties.training();
    }

    /**
     * A training the user (or an admin) asked for: refused with 409 while another training of
     * the user runs anywhere, and with 429 within the cooldown after the last such success.
     */
    TrainingResponse trainOnRequest(UUID userId) {
        return leased(userId, true);
    }

    /**
     * An internal retraining (after a background user's erasure, or automatic): one at a time
     * per user like any training (409 otherwise), but never held back by the cooldown, which
     * it does not start either.
     */
    TrainingResponse train(UUID userId) {
        return leased(userId, false);
    }

    private TrainingResponse leased(UUID userId, boolean requested) {
        TrainingLeases.Lease lease = leases.acquire(userId, requested);
        boolean succeeded = false;
        try {
            TrainingResponse response = fitAndStore(userId);
            succeeded = true;
            return response;
        } finally {
            leases.release(lease, succeeded);
        }
    }

    private TrainingResponse fitAndStore(UUID userId) {
        long started = System.nanoTime();
        UserEventReader.UserEvents events = reader.read(userId, settings.maxEvents());
        int usable = events.usable();
        if (usable < settings.minEvents()) {
            throw NotEnoughEventsException.tooFewEvents(userId, usable, settings.minEvents());
        }
        List<BehavioralEvent> all = events.sessions().values().stream().flatMap(List::stream).toList();
        List<NewModel> fitted = new ArrayList<>();
        List<SkippedFeatureSet> skipped = new ArrayList<>();
        for (Modality modality : Modality.values()) {
            if (!modality.presentIn(all)) {
                continue;
            }
            for (FeatureSet featureSet : modality.featureSets()) {
                List<double[]> rows = rows(featureSet, events.sessions().values());
                if (rows.size() < hyperparameters.minTrainingRows()) {
                    skipped.add(skipped(featureSet, rows.size(), Modality.relevantEvents(featureSet, all)));
                    continue;
                }
                long fitStarted = System.nanoTime();
                // The user enrols in the pool, and learns against others already in it.
                pool.contribute(userId, featureSet, rows);
                BackgroundSample background = pool.sample(userId, featureSet, rows.getFirst().length);
                UserModel model = UserModel.fit(featureSet, rows, background.rows(), hyperparameters);
                fitted.add(new NewModel(model, usable, millisSince(fitStarted), hyperparameters, background.users()));
            }
        }
        if (fitted.isEmpty()) {
            throw NotEnoughEventsException.tooFewWindows(userId, usable, skipped);
        }
        List<StoredModel> stored = registry.saveAll(userId, fitted);
        List<TrainedModel> models = stored.stream()
                .map(model -> new TrainedModel(model.featureSet(), model.featureSet().version(), model.version(),
                        model.model().kind(), backgroundUsers(fitted, model), model.trainingRows(),
                        model.trainingMillis()))
                .toList();
        int rows = models.stream().mapToInt(TrainedModel::trainingRows).sum();
        long total = millisSince(started);
        log.info("Trained {} models for user {} from {} events in {} ms", models.size(), userId, events.read(), total);
        return new TrainingResponse("success", userId, events.read(), rows, models, skipped, total);
    }

    private static int backgroundUsers(List<NewModel> fitted, StoredModel stored) {
        return fitted.stream().filter(m -> m.model() == stored.model()).mapToInt(m -> m.backgroundUsers().size())
                .findFirst().orElse(0);
    }

    /** Rows per session, concatenated, so no window spans two sessions. */
    private List<double[]> rows(FeatureSet featureSet, Collection<List<BehavioralEvent>> sessions) {
        List<double[]> rows = new ArrayList<>();
        for (List<BehavioralEvent> session : sessions) {
            rows.addAll(extractor.extract(featureSet, session));
        }
        return rows;
    }

    private SkippedFeatureSet skipped(FeatureSet featureSet, int rows, long relevantEvents) {
        int required = hyperparameters.minTrainingRows();
        // Extrapolate from the user's own events per window; without any window, assume the smallest window.
        double perRow = rows > 0 ? (double) relevantEvents / rows
                : featureSet.minEventsPerWindow() * (featureSet == FeatureSet.KEYSTROKE ? 2.0 : 1.0);
        int needed = (int) Math.ceil((required - rows) * perRow);
        return new SkippedFeatureSet(featureSet, rows, required, Math.max(1, needed));
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
