package io.behavioralbiometrics.risk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RiskLevelTest {

    @Test
    void defaultThresholdsSplitAtPointNinetyFiveAndPointNinetyNine() {
        assertThat(RiskLevel.of(0)).isEqualTo(RiskLevel.LOW);
        assertThat(RiskLevel.of(0.9499)).isEqualTo(RiskLevel.LOW);
        assertThat(RiskLevel.of(0.95)).isEqualTo(RiskLevel.MEDIUM);
        assertThat(RiskLevel.of(0.9899)).isEqualTo(RiskLevel.MEDIUM);
        assertThat(RiskLevel.of(0.99)).isEqualTo(RiskLevel.HIGH);
        assertThat(RiskLevel.of(1)).isEqualTo(RiskLevel.HIGH);
    }

    @Test
    void customThresholdsAreHonoured() {
        assertThat(RiskLevel.of(0.7, 0.6, 0.85)).isEqualTo(RiskLevel.MEDIUM);
        assertThatThrownBy(() -> RiskLevel.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
