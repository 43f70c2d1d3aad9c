package io.behavioralbiometrics.eventlogger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Binding and validation of {@code bb.event-logger.*} as a deployment would write it. */
class EventLoggerPropertiesTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(EventLoggerProperties.class)
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void theStallTimeoutDefaultsToFiveMinutes() {
        runner.run(context -> assertThat(context.getBean(EventLoggerProperties.class).consumer().stallTimeout())
                .hasMinutes(5));
    }

    @Test
    void aStallTimeoutWithinOneRetryIsRefusedAtStartup() {
        runner.withPropertyValues("bb.event-logger.consumer.stall-timeout=30s",
                        "bb.event-logger.consumer.backoff.max=30s")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("stall-timeout must be longer than backoff.max plus block-timeout"));
    }
}
