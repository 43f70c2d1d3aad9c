package io.behavioralbiometrics.risk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RiskLevelTest {

    @Test
    void thresholdsStartTheirLevelInclusively() {
        assertThat(RiskLevel.of(0, 0.95, 0.99)).isEqualTo(RiskLevel.LOW);
        assertThat(RiskLevel.of(0.9499, 0.95, 0.99)).isEqualTo(RiskLevel.LOW);
        assertThat(RiskLevel.of(0.95, 0.95, 0.99)).isEqualTo(RiskLevel.MEDIUM);
        assertThat(RiskLevel.of(0.9899, 0.95, 0.99)).isEqualTo(RiskLevel.MEDIUM);
        assertThat(RiskLevel.of(0.99, 0.95, 0.99)).isEqualTo(RiskLevel.HIGH);
        assertThat(RiskLevel.of(1, 0.95, 0.99)).isEqualTo(RiskLevel.HIGH);
        assertThat(RiskLevel.of(0.7, 0.6, 0.85)).isEqualTo(RiskLevel.MEDIUM);
    }

    @Test
    void aRiskThatIsNotANumberIsRefused() {
        assertThatThrownBy(() -> RiskLevel.of(Double.NaN, 0.95, 0.99)).isInstanceOf(IllegalArgumentException.class);
    }
}
