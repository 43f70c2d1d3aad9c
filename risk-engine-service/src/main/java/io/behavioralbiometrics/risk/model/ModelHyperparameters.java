package io.behavioralbiometrics.risk.model;

import java.io.Serializable;

/**
 * Everything that shapes a {@link UserModel}; validated on construction (also when a stored
 * model is deserialised, because records are rebuilt through this constructor).
 *
 * <p>Risk level thresholds are not here: risks are calibrated per user, so where LOW ends is
 * a deployment's policy ({@code bb.risk.levels}), applied at scoring time to every model.
 * Records are rebuilt through their constructor, so a stored model with out-of-range settings
 * is refused when it is read.
 *
 * @param trees Isolation Forest trees
 * @param subsampleSize rows drawn per tree (ψ in Liu et al. 2008; 256 is their default)
 * @param maxDepth tree depth limit, 0 for ⌈log2 ψ⌉
 * @param extensionLevel 0 for the classic axis-parallel forest, up to dimension − 1 for the
 *     extended forest of Hariri et al.
 * @param seed random seed; the same seed and rows give the same model
 * @param calibrationFolds contiguous folds for out-of-fold calibration scores (≥ 2)
 * @param calibrationPoints quantiles of the out-of-fold score distribution kept in the model
 * @param sessionWindows k, the number of most recent windows a session risk aggregates
 * @param minTrainingRows fewest feature rows a model may be trained on
 * @param neighbours k of the nearest-neighbour distance component
 * @param referenceRows most training rows kept for the nearest-neighbour component; the default
 *     keeps every row of a capped (5000-row) training set, because thinning the reference
 *     measurably lowered detection (see docs/accuracy.md)
 * @param forestWeight weight of the forest's calibrated score in the ensemble; 1 means the
 *     forest alone, 0 the nearest-neighbour distance alone (docs/accuracy.md says how the
 *     default was chosen: the forest alone detects far worse, and on the Balabit development
 *     protocol every increase of its weight above 0 cost a little accuracy)
 * @param blockWeight weight of the block distribution test in a session risk of two or more
 *     windows (see {@link UserModel}); 0 gives the Stouffer combination of window risks alone
 * @param backgroundWeight weight of the background forest's calibrated z-score against the
 *     one-class components' in a model with a background sample (chosen on the Balabit
 *     development split, see docs/accuracy.md)
 * @param forestTrees trees of the background forest
 * @param forestMaxNodes most leaves per background-forest tree
 * @param forestGenuineRows most rows of each class per background-forest tree
 * @param sequentialDrift δ of the session CUSUM ({@link SequentialTest}), in window z units
 * @param sequentialWindows genuine stretch length the session evidence is calibrated on
 */
public record ModelHyperparameters(
        int trees,
        int subsampleSize,
        int maxDepth,
        int extensionLevel,
        long seed,
        int calibrationFolds,
        int calibrationPoints,
        int sessionWindows,
        int minTrainingRows,
        int neighbours,
        int referenceRows,
        double forestWeight,
        double blockWeight,
        double backgroundWeight,
        int forestTrees,
        int forestMaxNodes,
        int forestGenuineRows,
        double sequentialDrift,
        int sequentialWindows) implements Serializable {

    public static final ModelHyperparameters DEFAULTS = new ModelHyperparameters(
            100, 256, 0, 0, 42L, 5, 1001, 20, 20, 5, 5000, 0.1, 0.5, 0.85, 50, 512, 5000, 0.5, 100);

    public ModelHyperparameters {
        require(trees >= 1 && trees <= 2000, "trees must be between 1 and 2000");
        require(subsampleSize >= 2 && subsampleSize <= 100_000, "subsampleSize must be between 2 and 100000");
        require(maxDepth >= 0 && maxDepth <= 64, "maxDepth must be between 0 and 64");
        require(extensionLevel >= 0, "extensionLevel must be at least 0");
        require(calibrationFolds >= 2 && calibrationFolds <= 20, "calibrationFolds must be between 2 and 20");
        require(calibrationPoints >= 11 && calibrationPoints <= 100_001,
                "calibrationPoints must be between 11 and 100001");
        require(sessionWindows >= 1 && sessionWindows <= 1000, "sessionWindows must be between 1 and 1000");
        require(minTrainingRows >= 2 * calibrationFolds,
                "minTrainingRows must be at least twice calibrationFolds");
        require(neighbours >= 1 && neighbours <= 100, "neighbours must be between 1 and 100");
        require(referenceRows >= neighbours && referenceRows <= 100_000,
                "referenceRows must be between neighbours and 100000");
        require(forestWeight >= 0 && forestWeight <= 1, "forestWeight must be in [0, 1]");
        require(blockWeight >= 0 && blockWeight <= 1, "blockWeight must be in [0, 1]");
        require(backgroundWeight >= 0 && backgroundWeight <= 1, "backgroundWeight must be in [0, 1]");
        require(forestTrees >= 1 && forestTrees <= 1000, "forestTrees must be between 1 and 1000");
        require(forestMaxNodes >= 2 && forestMaxNodes <= 100_000, "forestMaxNodes must be between 2 and 100000");
        require(forestGenuineRows >= 10 && forestGenuineRows <= 1_000_000,
                "forestGenuineRows must be between 10 and 1000000");
        require(sequentialDrift >= 0 && sequentialDrift <= 5, "sequentialDrift must be in [0, 5]");
        require(sequentialWindows >= 1 && sequentialWindows <= 100_000,
                "sequentialWindows must be between 1 and 100000");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public ModelHyperparameters withSeed(long newSeed) {
        return new ModelHyperparameters(trees, subsampleSize, maxDepth, extensionLevel, newSeed, calibrationFolds,
                calibrationPoints, sessionWindows, minTrainingRows, neighbours, referenceRows, forestWeight, blockWeight,
                backgroundWeight, forestTrees, forestMaxNodes, forestGenuineRows, sequentialDrift, sequentialWindows);
    }

    public ModelHyperparameters withForestWeight(double newForestWeight) {
        return new ModelHyperparameters(trees, subsampleSize, maxDepth, extensionLevel, seed, calibrationFolds,
                calibrationPoints, sessionWindows, minTrainingRows, neighbours, referenceRows, newForestWeight,
                blockWeight, backgroundWeight, forestTrees, forestMaxNodes, forestGenuineRows, sequentialDrift,
                sequentialWindows);
    }

    public ModelHyperparameters withSessionWindows(int k) {
        return new ModelHyperparameters(trees, subsampleSize, maxDepth, extensionLevel, seed, calibrationFolds,
                calibrationPoints, k, minTrainingRows, neighbours, referenceRows, forestWeight, blockWeight,
                backgroundWeight, forestTrees, forestMaxNodes, forestGenuineRows, sequentialDrift, sequentialWindows);
    }

    public ModelHyperparameters withBlockWeight(double newBlockWeight) {
        return new ModelHyperparameters(trees, subsampleSize, maxDepth, extensionLevel, seed, calibrationFolds,
                calibrationPoints, sessionWindows, minTrainingRows, neighbours, referenceRows, forestWeight,
                newBlockWeight, backgroundWeight, forestTrees, forestMaxNodes, forestGenuineRows, sequentialDrift,
                sequentialWindows);
    }

    public ModelHyperparameters withExtensionLevel(int newExtensionLevel) {
        return new ModelHyperparameters(trees, subsampleSize, maxDepth, newExtensionLevel, seed, calibrationFolds,
                calibrationPoints, sessionWindows, minTrainingRows, neighbours, referenceRows, forestWeight, blockWeight,
                backgroundWeight, forestTrees, forestMaxNodes, forestGenuineRows, sequentialDrift, sequentialWindows);
    }

    public ModelHyperparameters withBackgroundWeight(double newBackgroundWeight) {
        return new ModelHyperparameters(trees, subsampleSize, maxDepth, extensionLevel, seed, calibrationFolds,
                calibrationPoints, sessionWindows, minTrainingRows, neighbours, referenceRows, forestWeight, blockWeight,
                newBackgroundWeight, forestTrees, forestMaxNodes, forestGenuineRows, sequentialDrift, sequentialWindows);
    }

    public ModelHyperparameters withForest(int newTrees, int newMaxNodes) {
        return new ModelHyperparameters(trees, subsampleSize, maxDepth, extensionLevel, seed, calibrationFolds,
                calibrationPoints, sessionWindows, minTrainingRows, neighbours, referenceRows, forestWeight, blockWeight,
                backgroundWeight, newTrees, newMaxNodes, forestGenuineRows, sequentialDrift, sequentialWindows);
    }

    public ModelHyperparameters withSequentialDrift(double newDrift) {
        return new ModelHyperparameters(trees, subsampleSize, maxDepth, extensionLevel, seed, calibrationFolds,
                calibrationPoints, sessionWindows, minTrainingRows, neighbours, referenceRows, forestWeight, blockWeight,
                backgroundWeight, forestTrees, forestMaxNodes, forestGenuineRows, newDrift, sequentialWindows);
    }
}
