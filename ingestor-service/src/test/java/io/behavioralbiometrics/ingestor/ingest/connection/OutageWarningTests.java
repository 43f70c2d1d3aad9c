package io.behavioralbiometrics.ingestor.ingest.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OutageWarningTests {

    private final AtomicLong now = new AtomicLong(1_000);
    private final OutageWarning warning = new OutageWarning(Duration.ofNanos(100), now::get);

    @Test
    void theFirstRefusalShouldWarnAndTheNextOnesWaitForTheInterval() {
        assertThat(warning.refused()).isEqualTo(1);
        assertThat(warning.refused()).isZero();
        now.addAndGet(99);
        assertThat(warning.refused()).isZero();
        now.addAndGet(1);
        assertThat(warning.refused()).as("the held-back refusals, this one included").isEqualTo(3);
        assertThat(warning.refused()).isZero();
    }

    @Test
    void aRefusalLongAfterTheLastWarningShouldWarnAtOnce() {
        assertThat(warning.refused()).isEqualTo(1);
        now.addAndGet(10_000);
        assertThat(warning.refused()).isEqualTo(1);
    }
}
