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
    private final ModelSigner signer;
    private final int keepVersions;

    ModelRegistry(UserModelRepository repository, JdbcClient jdbc, TransactionTemplate transactions,
            JsonMapper json, RiskProperties properties, ModelSigner signer) {
        this.repository = repository;
        this.signer = signer;
        this.keepVersions = properties.training().keepVersions();
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

    /**
     * A freshly fitted model with what it was fitted on.
     *
     * @param backgroundUsers the other users whose pool rows the model learnt against
     */
    public record NewModel(UserModel model, int trainingEvents, long trainingMillis,
            ModelHyperparameters hyperparameters, List<UUID> backgroundUsers) {

        public NewModel {
            backgroundUsers = List.copyOf(backgroundUsers);
        }
    }

    /** A model as stored: its version is per user and feature set, starting at 1. */
    public record StoredModel(UUID userId, FeatureSet featureSet, int version, UserModel model,
            int trainingRows, long trainingMillis, Instant trainedAt) {
    }

    /** A stale model (a background user erased) is cached apart from its full form. */
    private record Key(UUID userId, FeatureSet featureSet, int version, boolean stale) {
    }

    /**
     * Stores the models as the next version of each feature set, all or none, each signed, and
     * deletes the versions older than the last {@code bb.risk.training.keep-versions} (with their
     * background lists; the latest, whatever its erasure state, is always kept). The
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
                byte[] bytes = model.model().serialize();
                UserModelEntity entity = repository.save(new UserModelEntity(userId, featureSet.name(),
                        featureSet.version(), version, bytes, model.trainingEvents(),
                        model.model().trainingRows(), calibration(model.model()),
                        json.writeValueAsString(model.hyperparameters()), trainedAt, model.trainingMillis(),
                        model.model().kind().name(), signer.sign(userId, featureSet.name(), version, bytes)));
                for (UUID other : model.backgroundUsers()) {
                    jdbc.sql("insert into risk.model_background (model_id, user_id) values (:model, :user)")
                            .param("model", entity.id()).param("user", other).update();
                }
                stored.add(new StoredModel(userId, featureSet, version, model.model(), model.model().trainingRows(),
                        model.trainingMillis(), trainedAt));
                // model_background rows go with their versions (on delete cascade).
                jdbc.sql("""
                        delete from risk.user_models
                        where user_id = :user and feature_set = :set and version <= :version - :keep""")
                        .param("user", userId).param("set", featureSet.name()).param("version", version)
                        .param("keep", keepVersions).update();
            }
            return stored;
        });
        for (StoredModel model : saved) {
            remember(model, false);
        }
        synchronized (absent) {
            absent.remove(userId);
        }
        return saved;
    }

    /** The user's latest usable model of the feature set, if any. */
    public Optional<StoredModel> latest(UUID userId, FeatureSet featureSet) {
        List<Latest> found = jdbc.sql("""
                select version, background_stale_since is not null as stale from risk.user_models
                where user_id = :user and feature_set = :set order by version desc limit 1""")
                .param("user", userId).param("set", featureSet.name())
                .query((rs, n) -> new Latest(rs.getInt("version"), rs.getBoolean("stale"))).list();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        int version = found.getFirst().version();
        boolean stale = found.getFirst().stale();
        Key key = new Key(userId, featureSet, version, stale);
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
        if (!signer.verifies(userId, featureSet.name(), version, row.model(), row.modelMac())) {
            // Not written by a risk engine with this key (or moved from another user or version):
            // never deserialised. A model stored before signing needs a retrain.
            log.warn("Model {} v{} of user {} has {} signature; not used until retrained", featureSet, version,
                    userId, row.modelMac() == null ? "no" : "a wrong");
            return Optional.empty();
        }
        UserModel read;
        try {
            read = UserModel.deserialize(row.model());
        } catch (IllegalArgumentException e) {
            // Written by an earlier model format (or damaged): the user needs a retrain, not an error.
            log.warn("Model {} v{} of user {} cannot be read ({}); not used until retrained", featureSet, version,
                    userId, e.getMessage());
            return Optional.empty();
        }
        // A background user was erased: answer without the forest that learnt from them.
        StoredModel model = new StoredModel(userId, featureSet, version, stale ? read.withoutBackground() : read,
                row.trainingRows(), row.trainingMillis(), row.trainedAt());
        remember(model, stale);
        return Optional.of(model);
    }

    private record Latest(int version, boolean stale) {
    }

    /**
     * After {@code erased} left the background pool: deletes the older versions of every model
     * that learnt from their rows, and marks each latest such version stale, so it answers
     * without its background at once and is retrained ({@link #claimStale}). Runs in the
     * caller's transaction; returns the number of latest models marked.
     */
    public int forgetBackgroundUser(UUID erased) {
        jdbc.sql("""
                delete from risk.user_models m using risk.model_background b
                where b.model_id = m.id and b.user_id = :erased
                  and m.version < (select max(x.version) from risk.user_models x
                                   where x.user_id = m.user_id and x.feature_set = m.feature_set)""")
                .param("erased", erased).update();
        return jdbc.sql("""
                update risk.user_models m set background_stale_since = coalesce(background_stale_since, now())
                from risk.model_background b where b.model_id = m.id and b.user_id = :erased""")
                .param("erased", erased).update();
    }

    /** A user with stale models, claimed by this replica until {@code lease} ends. */
    public record StaleUser(UUID userId, Instant staleSince) {
    }

    /**
     * Claims up to {@code limit} users with stale models whose lease is free, oldest first;
     * two replicas never claim the same user at once.
     */
    public List<StaleUser> claimStale(int limit, java.time.Duration lease) {
        List<StaleUser> rows = transactions.execute(status -> jdbc.sql("""
                with candidates as (
                    select id from risk.user_models
                    where background_stale_since is not null
                      and (background_claimed_until is null or background_claimed_until < now())
                    order by background_stale_since
                    limit :limit
                    for update skip locked)
                update risk.user_models m set background_claimed_until = now() + make_interval(secs => :lease)
                from candidates c where m.id = c.id
                returning m.user_id, m.background_stale_since""")
                .param("limit", limit).param("lease", (double) lease.toSeconds())
                .query((rs, n) -> new StaleUser(rs.getObject("user_id", UUID.class),
                        rs.getTimestamp("background_stale_since").toInstant()))
                .list());
        // One entry per user (a user may have a stale model per feature set), the oldest first.
        Map<UUID, StaleUser> users = new LinkedHashMap<>();
        for (StaleUser row : rows == null ? List.<StaleUser>of() : rows) {
            users.merge(row.userId(), row, (a, b) -> a.staleSince().isBefore(b.staleSince()) ? a : b);
        }
        return List.copyOf(users.values());
    }

    /** Gives up this replica's claim on a user's stale models, so the next pass retries them. */
    public void releaseStale(UUID userId) {
        jdbc.sql("update risk.user_models set background_claimed_until = null where user_id = :user")
                .param("user", userId).update();
    }

    /** After a successful retrain: the stale versions it superseded (which learnt from an erased user) go. */
    public int dropStale(UUID userId) {
        // Only versions a retrain superseded; a feature set the retrain skipped keeps its (stale) model.
        int dropped = jdbc.sql("""
                delete from risk.user_models m where m.user_id = :user and m.background_stale_since is not null
                  and exists (select 1 from risk.user_models x where x.user_id = m.user_id
                              and x.feature_set = m.feature_set and x.version > m.version)""")
                .param("user", userId).update();
        forgetCached(userId);
        return dropped;
    }

    /**
     * When a stale model cannot be retrained in time: rewrites it without its background
     * forest, so nothing learnt from the erased user remains.
     */
    public int stripStale(UUID userId) {
        Integer stripped = transactions.execute(status -> {
            record Stale(long id, String featureSet, int version, byte[] model, byte @Nullable [] mac) {
            }
            List<Stale> stale = jdbc.sql("""
                    select id, feature_set, version, model, model_mac from risk.user_models
                    where user_id = :user and background_stale_since is not null
                    for update""")
                    .param("user", userId).query((rs, n) -> new Stale(rs.getLong("id"), rs.getString("feature_set"),
                            rs.getInt("version"), rs.getBytes("model"), rs.getBytes("model_mac"))).list();
            for (Stale model : stale) {
                byte[] without;
                try {
                    if (!signer.verifies(userId, model.featureSet(), model.version(), model.model(), model.mac())) {
                        throw new IllegalArgumentException("signature does not verify");
                    }
                    without = UserModel.deserialize(model.model()).withoutBackground().serialize();
                } catch (IllegalArgumentException e) {
                    // Unusable anyway (unsigned, tampered or unreadable): nothing of it is kept.
                    jdbc.sql("delete from risk.user_models where id = :id").param("id", model.id()).update();
                    continue;
                }
                jdbc.sql("""
                        update risk.user_models set model = :model, model_mac = :mac, model_kind = 'ONE_CLASS',
                            background_stale_since = null, background_claimed_until = null where id = :id""")
                        .param("model", without)
                        .param("mac", signer.sign(userId, model.featureSet(), model.version(), without))
                        .param("id", model.id()).update();
                jdbc.sql("delete from risk.model_background where model_id = :id").param("id", model.id()).update();
            }
            return stale.size();
        });
        forgetCached(userId);
        return stripped == null ? 0 : stripped;
    }

    private void forgetCached(UUID userId) {
        synchronized (cache) {
            cache.keySet().removeIf(key -> key.userId().equals(userId));
        }
    }

    private @Nullable StoredModel cached(Key key) {
        synchronized (cache) {
            return cache.get(key);
        }
    }

    private void remember(StoredModel model, boolean stale) {
        synchronized (cache) {
            cache.put(new Key(model.userId(), model.featureSet(), model.version(), stale), model);
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
                "sessionInflation", model.sessionInflation(),
                "modelKind", model.kind().name()));
    }
}
