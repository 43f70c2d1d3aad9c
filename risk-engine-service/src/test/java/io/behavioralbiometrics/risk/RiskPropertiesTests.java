package io.behavioralbiometrics.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.risk.model.RiskLevel;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Binding and validation of {@code bb.risk.*} as a deployment would write it. */
class RiskPropertiesTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RiskProperties.class)
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void levelsDefaultToPointNinetyFiveAndPointNinetyNine() {
        runner.run(context -> {
            RiskProperties.Levels levels = context.getBean(RiskProperties.class).levels();
            assertThat(levels.medium()).isEqualTo(0.95);
            assertThat(levels.high()).isEqualTo(0.99);
            assertThat(levels.of(0.9499)).isEqualTo(RiskLevel.LOW);
            assertThat(levels.of(0.95)).isEqualTo(RiskLevel.MEDIUM);
            assertThat(levels.of(0.99)).isEqualTo(RiskLevel.HIGH);
        });
    }

    @Test
    void aDeploymentCanSetItsOwnLevels() {
        runner.withPropertyValues("bb.risk.levels.medium=0.9", "bb.risk.levels.high=0.98").run(context -> {
            RiskProperties.Levels levels = context.getBean(RiskProperties.class).levels();
            assertThat(levels.of(0.92)).isEqualTo(RiskLevel.MEDIUM);
            assertThat(levels.of(0.985)).isEqualTo(RiskLevel.HIGH);
        });
    }

    @Test
    void levelsOutOfOrderAreRefusedAtStartup() {
        runner.withPropertyValues("bb.risk.levels.medium=0.99", "bb.risk.levels.high=0.95")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("high must be above medium"));
    }

    @Test
    void levelsOutsideTheOpenUnitIntervalAreRefusedAtStartup() {
        runner.withPropertyValues("bb.risk.levels.high=1").run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("bb.risk.levels.medium=0").run(context -> assertThat(context).hasFailed());
    }

    @Test
    void aStallTimeoutWithinOneRetryIsRefusedAtStartup() {
        runner.run(context -> assertThat(context.getBean(RiskProperties.class).live().stallTimeout())
                .hasMinutes(5));
        runner.withPropertyValues("bb.risk.live.stall-timeout=2s", "bb.risk.live.block=1s")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("stall-timeout must be longer than block plus the 1 s retry pause"));
    }
}
