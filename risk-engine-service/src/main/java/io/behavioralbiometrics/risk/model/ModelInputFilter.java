package io.behavioralbiometrics.risk.model;

import io.behavioralbiometrics.risk.features.FeatureSet;
import java.io.ObjectInputFilter;
import java.util.Set;

/**
 * Allow-list for deserialising stored models: the model's own classes, Smile's Isolation
 * Forest and tree nodes (the background forest is stored as primitive arrays), primitive arrays and the few {@code java.lang} types their graphs
 * contain. Everything else is rejected before it is instantiated, so a tampered database row
 * cannot become a deserialisation gadget. Graph size limits bound the work a hostile stream
 * can cause.
 */
final class ModelInputFilter implements ObjectInputFilter {

    static final ModelInputFilter INSTANCE = new ModelInputFilter();

    private static final Set<String> ALLOWED = Set.of(
            UserModel.class.getName(),
            UserModel.Scale.class.getName(),
            Standardiser.class.getName(),
            IsolationForestComponent.class.getName(),
            NeighbourDistanceComponent.class.getName(),
            BackgroundForestComponent.class.getName(),
            BlockTest.class.getName(),
            SequentialTest.class.getName(),
            ModelHyperparameters.class.getName(),
            FeatureSet.class.getName(),
            "smile.anomaly.IsolationForest",
            "smile.anomaly.IsolationTree",
            "smile.anomaly.IsolationTree$Node",
            "java.lang.Enum",
            "java.lang.String",
            "java.lang.Number",
            "java.lang.Double",
            "java.lang.Integer",
            "java.lang.Long");

    // Measured on the largest model a training makes (MOUSE, 20,000 training rows, 100
    // background users of 500 rows, ModelInputFilterTest): depth 14, 55,141 references, arrays
    // of at most 6,372 elements, 6.7 MB. The limits leave room for model changes, not for a
    // stream built to exhaust a replica's memory or CPU.
    static final long MAX_DEPTH = 32;
    static final long MAX_REFERENCES = 500_000;
    static final long MAX_BYTES = 64L * 1024 * 1024;
    /** 100,001 is the most calibration points the hyperparameters allow. */
    static final long MAX_ARRAY = 100_001;

    private ModelInputFilter() {
    }

    @Override
    public Status checkInput(FilterInfo info) {
        if (info.depth() > MAX_DEPTH || info.references() > MAX_REFERENCES || info.streamBytes() > MAX_BYTES
                || info.arrayLength() > MAX_ARRAY) {
            return Status.REJECTED;
        }
        Class<?> type = info.serialClass();
        if (type == null) {
            return Status.UNDECIDED;
        }
        while (type.isArray()) {
            type = type.getComponentType();
        }
        return type.isPrimitive() || ALLOWED.contains(type.getName()) ? Status.ALLOWED : Status.REJECTED;
    }
}
