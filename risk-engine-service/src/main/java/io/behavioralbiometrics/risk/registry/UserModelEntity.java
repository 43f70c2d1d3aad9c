package io.behavioralbiometrics.risk.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import org.jspecify.annotations.Nullable;

/**
 * One trained model version of a user for one feature set. Never updated through JPA; the
 * registry only rewrites a version without its background forest after a background user was
 * erased ({@link ModelRegistry#stripStale}).
 */
@Entity
@Table(name = "user_models")
class UserModelEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(name = "feature_set", nullable = false, updatable = false)
    private String featureSet;

    @Column(name = "feature_set_version", nullable = false, updatable = false)
    private String featureSetVersion;

    @Column(name = "version", nullable = false, updatable = false)
    private int version;

    @Column(name = "model", nullable = false, updatable = false)
    private byte[] model;

    @Column(name = "training_events", nullable = false, updatable = false)
    private int trainingEvents;

    @Column(name = "training_rows", nullable = false, updatable = false)
    private int trainingRows;

    // jsonb written from text: the cast keeps the column a real jsonb without a JSON mapper in Hibernate.
    @Column(name = "calibration", columnDefinition = "jsonb", updatable = false)
    @ColumnTransformer(write = "?::jsonb")
    private @Nullable String calibration;

    @Column(name = "hyperparameters", columnDefinition = "jsonb", nullable = false, updatable = false)
    @ColumnTransformer(write = "?::jsonb")
    private String hyperparameters;

    @Column(name = "trained_at", nullable = false, updatable = false)
    private Instant trainedAt;

    @Column(name = "training_millis", nullable = false, updatable = false)
    private long trainingMillis;

    @Column(name = "model_kind", nullable = false, updatable = false)
    private String modelKind;

    /** HMAC-SHA256 of user, feature set, version and model bytes ({@link ModelSigner}); null on rows older than signing. */
    @Column(name = "model_mac", updatable = false)
    private byte @Nullable [] modelMac;

    @SuppressWarnings("NullAway.Init")
    protected UserModelEntity() {
    }

    UserModelEntity(UUID userId, String featureSet, String featureSetVersion, int version, byte[] model,
            int trainingEvents, int trainingRows, @Nullable String calibration, String hyperparameters,
            Instant trainedAt, long trainingMillis, String modelKind, byte[] modelMac) {
        this.userId = userId;
        this.featureSet = featureSet;
        this.featureSetVersion = featureSetVersion;
        this.version = version;
        this.model = model;
        this.trainingEvents = trainingEvents;
        this.trainingRows = trainingRows;
        this.calibration = calibration;
        this.hyperparameters = hyperparameters;
        this.trainedAt = trainedAt;
        this.trainingMillis = trainingMillis;
        this.modelKind = modelKind;
        this.modelMac = modelMac;
    }

    byte @Nullable [] modelMac() {
        return modelMac;
    }

    @Nullable Long id() {
        return id;
    }

    UUID userId() {
        return userId;
    }

    String featureSet() {
        return featureSet;
    }

    String featureSetVersion() {
        return featureSetVersion;
    }

    int version() {
        return version;
    }

    byte[] model() {
        return model;
    }

    int trainingEvents() {
        return trainingEvents;
    }

    int trainingRows() {
        return trainingRows;
    }

    Instant trainedAt() {
        return trainedAt;
    }

    long trainingMillis() {
        return trainingMillis;
    }
}
