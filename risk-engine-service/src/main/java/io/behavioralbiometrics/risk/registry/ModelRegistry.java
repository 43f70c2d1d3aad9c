package io.behavioralbiometrics.risk.registry;

import io.behavioralbiometrics.risk.RiskProperties;
import io.behavioralbiometrics.risk.features.FeatureSet;
import io.behavioralbiometrics.risk.model.ModelHyperparameters;
import io.behavioralbiometrics.risk.model.UserModel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where models live: PostgreSQL, so any replica can score any user. Deserialized models
 * are cached per replica only under their exact (user, feature set, version); every
 * lookup first asks the database for the latest version, so a retrain on another
 * replica is used at once.
 */
@Service
public class ModelRegistry {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final UserModelRepository repository;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<Key, StoredModel> cache;
    /** Users known to have no model, until when (nanoTime): spares live scoring a query per window. */
    private final Map<UUID, Long> absent;
    private final long absentRecheckNanos;

    ModelRegistry(UserModelRepository repository, JdbcClient jdbc, TransactionTemplate transactions,
            JsonMapper json, RiskProperties properties) {
        this.repository = repository;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.clock = Clock.systemUTC();
        int cacheSize = properties.models().cacheSize();
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, StoredModel> eldest) {
                return size() > cacheSize;
            }
        };
        int absentCacheSize = properties.models().absentCacheSize();
        this.absent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Long> eldest) {
                return size() > absentCacheSize;
            }
        };
        this.absentRecheckNanos = properties.models().absentRecheck().toNanos();
    }

    /**
     * Whether the user may have a model. "No" is remembered for {@code absentRecheck}, so
     * the live path does not query the database for every window of users still
     * enrolling; a training on this replica forgets it at once, one on another replica
     * is seen within {@code absentRecheck}.
     */
    public boolean mayHaveModel(UUID userId) {
        synchronized (absent) {
            Long until = absent.get(userId);
            if (until != null && System.nanoTime() - until < 0) {
                return false;
            }
            absent.remove(userId);
        }
        if (repository.existsByUserId(userId)) {
            return true;
        }
        synchronized (absent) {
            absent.put(userId, System.nanoTime() + absentRecheckNanos);
        }
        return false;
    }

    /** A freshly fitted model with what it was fitted on. */
    public record NewModel(UserModel model, int trainingEvents, long trainingMillis,
            ModelHyperparameters hyperparameters) {
    }

    /** A model as stored: its version is per user and feature set, starting at 1. */
    public record StoredModel(UUID userId, FeatureSet featureSet, int version, UserModel model,
            int trainingRows, long trainingMillis, Instant trainedAt) {
    }

    private record Key(UUID userId, FeatureSet featureSet, int version) {
    }

    /**
     * Stores the models as the next version of each feature set, all or none. The
     * transaction holds only the inserts, never the fitting.
     */
    public List<StoredModel> saveAll(UUID userId, List<NewModel> models) {
        Instant trainedAt = clock.instant();
        List<StoredModel> saved = transactions.execute(status -> {
            // Serializes concurrent trainings of one user so version numbers never collide.
            jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                    .param("key", "risk.user_models:" + userId)
                    .query((rs, row) -> 1).list();
            List<StoredModel> stored = new ArrayList<>(models.size());
            for (NewModel model : models) {
                FeatureSet featureSet = model.model().featureSet();
                Integer latest = repository.latestVersion(userId, featureSet.name());
                int version = latest == null ? 1 : latest + 1;
                repository.save(new UserModelEntity(userId, featureSet.name(), featureSet.version(), version,
                        model.model().serialize(), model.trainingEvents(), model.model().trainingRows(),
                        calibration(model.model()), json.writeValueAsString(model.hyperparameters()),
                        trainedAt, model.trainingMillis()));
                stored.add(new StoredModel(userId, featureSet, version, model.model(), model.model().trainingRows(),
                        model.trainingMillis(), trainedAt));
            }
            return stored;
        });
        for (StoredModel model : saved) {
            remember(model);
        }
        synchronized (absent) {
            absent.remove(userId);
        }
        return saved;
    }

    /** The user's latest usable model of the feature set, if any. */
    public Optional<StoredModel> latest(UUID userId, FeatureSet featureSet) {
        Integer version = repository.latestVersion(userId, featureSet.name());
        if (version == null) {
            return Optional.empty();
        }
        Key key = new Key(userId, featureSet, version);
        StoredModel cached = cached(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<UserModelEntity> entity = repository.findByUserIdAndFeatureSetAndVersion(userId, featureSet.name(),
                version);
        if (entity.isEmpty()) {
            return Optional.empty();
        }
        UserModelEntity row = entity.get();
        if (!featureSet.version().equals(row.featureSetVersion())) {
            // Rows of today's feature definitions mean something else to this model: retrain needed.
            log.info("Model {} v{} of user {} was trained on {}, current is {}; not used", featureSet, version,
                    userId, row.featureSetVersion(), featureSet.version());
            return Optional.empty();
        }
        StoredModel model = new StoredModel(userId, featureSet, version, UserModel.deserialize(row.model()),
                row.trainingRows(), row.trainingMillis(), row.trainedAt());
        remember(model);
        return Optional.of(model);
    }

    private @Nullable StoredModel cached(Key key) {
        synchronized (cache) {
            return cache.get(key);
        }
    }

    private void remember(StoredModel model) {
        synchronized (cache) {
            cache.put(new Key(model.userId(), model.featureSet(), model.version()), model);
        }
    }

    /** The calibration's summary for operators; the quantiles themselves live in the model bytes. */
    private String calibration(UserModel model) {
        ModelHyperparameters hp = model.hyperparameters();
        return json.writeValueAsString(Map.of(
                "method", "out-of-fold empirical CDF",
                "folds", hp.calibrationFolds(),
                "points", hp.calibrationPoints(),
                "sessionWindows", hp.sessionWindows(),
                "sessionInflation", model.sessionInflation()));
    }
}
