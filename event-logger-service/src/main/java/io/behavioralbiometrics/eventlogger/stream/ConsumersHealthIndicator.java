package io.behavioralbiometrics.eventlogger.stream;

import io.behavioralbiometrics.core.stream.ConsumerLiveness;
import io.behavioralbiometrics.core.stream.StreamConsumer;
import io.behavioralbiometrics.eventlogger.EventLoggerProperties;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code consumers} in the liveness group: DOWN when one of this replica's consumers died
 * or has made no progress for {@code consumer.stall-timeout} (see {@link ConsumerLiveness}).
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
        return ConsumerLiveness.health(consumers.get().stream().map(StreamConsumer::state).toList(), stallTimeout);
    }
}
