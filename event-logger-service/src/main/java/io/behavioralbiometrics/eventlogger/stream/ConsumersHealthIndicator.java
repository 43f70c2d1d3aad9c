package io.behavioralbiometrics.eventlogger.stream;

import io.behavioralbiometrics.eventlogger.EventLoggerProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Liveness of this replica's consumers ({@code consumers} in the liveness group): DOWN
 * when one died or has not finished a read, a chunk or a retry pause for longer than
 * {@code consumer.stall-timeout}. A stuck consumer stores nothing while PostgreSQL and
 * Redis are both up, which readiness cannot see; restarting the process is the remedy,
 * and other replicas claim its pending entries meanwhile.
 */
@Component
class ConsumersHealthIndicator implements HealthIndicator {

    private final Supplier<List<StreamConsumer>> consumers;
    private final Duration stallTimeout;

    @Autowired
    ConsumersHealthIndicator(StreamConsumerLifecycle lifecycle, EventLoggerProperties properties) {
        this(lifecycle::consumers, properties.consumer().stallTimeout());
    }

    ConsumersHealthIndicator(Supplier<List<StreamConsumer>> consumers, Duration stallTimeout) {
        this.consumers = consumers;
        this.stallTimeout = stallTimeout;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        boolean live = true;
        for (StreamConsumer consumer : consumers.get()) {
            Duration since = consumer.sinceProgress();
            String state;
            if (!consumer.isRunning()) {
                state = "stopped";
            } else if (since.compareTo(stallTimeout) > 0) {
                state = "stalled";
            } else {
                state = "running";
            }
            live &= "running".equals(state);
            health.withDetail(consumer.name(), Map.of("state", state, "sinceProgressSeconds", since.toSeconds()));
        }
        return (live ? health : health.down()).build();
    }
}
