package io.behavioralbiometrics.risk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelHyperparametersTest {

    @Test
    void defaultsAreValidAndDocumented() {
        ModelHyperparameters hp = ModelHyperparameters.DEFAULTS;
        assertThat(hp.trees()).isEqualTo(100);
        assertThat(hp.subsampleSize()).isEqualTo(256);
        assertThat(hp.sessionWindows()).isEqualTo(20);
    }

    @Test
    void invalidValuesAreRejectedWithTheFieldName() {
        ModelHyperparameters d = ModelHyperparameters.DEFAULTS;
        assertThatThrownBy(() -> new ModelHyperparameters(0, 256, 0, 0, 1, 5, 1001, 20, 20, 5, 100, 0.5, 0.5, 0.85, 50, 512, 5000, 0.5, 100))
                .hasMessageContaining("trees");
        assertThatThrownBy(() -> new ModelHyperparameters(100, 1, 0, 0, 1, 5, 1001, 20, 20, 5, 100, 0.5, 0.5, 0.85, 50, 512, 5000, 0.5, 100))
                .hasMessageContaining("subsampleSize");
        assertThatThrownBy(() -> new ModelHyperparameters(100, 256, 0, 0, 1, 5, 1001, 20, 5, 5, 100, 0.5, 0.5, 0.85, 50, 512, 5000, 0.5, 100))
                .hasMessageContaining("minTrainingRows");
        assertThatThrownBy(() -> d.withForestWeight(1.5)).hasMessageContaining("forestWeight");
        assertThatThrownBy(() -> d.withBlockWeight(-0.1)).hasMessageContaining("blockWeight");
        assertThatThrownBy(() -> d.withSessionWindows(0)).hasMessageContaining("sessionWindows");
        assertThatThrownBy(() -> d.withBackgroundWeight(2)).hasMessageContaining("backgroundWeight");
        assertThatThrownBy(() -> d.withForest(0, 512)).hasMessageContaining("forestTrees");
        assertThatThrownBy(() -> d.withForest(50, 1)).hasMessageContaining("forestMaxNodes");
        assertThatThrownBy(() -> d.withSequentialDrift(-1)).hasMessageContaining("sequentialDrift");
    }
}
