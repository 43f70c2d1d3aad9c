package io.behavioralbiometrics.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class ConsumerLivenessTests {

    private static final Duration STALL = Duration.ofMinutes(5);

    @Test
    void consumersThatRunAndProgressShouldBeUp() {
        Health health = ConsumerLiveness.health(List.of(
                new ConsumerLiveness.State("a", true, Duration.ofSeconds(2)),
                new ConsumerLiveness.State("b", true, STALL)), STALL);

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("a", Map.of("state", "running", "sinceProgressSeconds", 2L));
    }

    @Test
    void noConsumersShouldBeUp() {
        assertThat(ConsumerLiveness.health(List.of(), STALL).getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aConsumerWithoutProgressBeyondTheStallTimeoutShouldBeDown() {
        Health health = ConsumerLiveness.health(List.of(
                new ConsumerLiveness.State("a", true, Duration.ofSeconds(1)),
                new ConsumerLiveness.State("b", true, STALL.plusSeconds(1))), STALL);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("b", Map.of("state", "stalled", "sinceProgressSeconds", 301L));
    }

    @Test
    void aDeadConsumerShouldBeDownHoweverRecentItsLastProgress() {
        Health health = ConsumerLiveness.health(List.of(new ConsumerLiveness.State("a", false, Duration.ZERO)), STALL);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("a", Map.of("state", "stopped", "sinceProgressSeconds", 0L));
    }
}
