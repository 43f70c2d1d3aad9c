package io.behavioralbiometrics.eventlogger.stream;

import io.behavioralbiometrics.eventlogger.EventLoggerProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs this replica's consumer while the application runs. Starts after, and stops
 * before, the Redis connection factory, so a graceful shutdown finishes the chunk in
 * hand (and acknowledges it) before connections close.
 */
@Component
class StreamConsumerLifecycle implements SmartLifecycle {

    private final StreamConsumers consumers;
    private final EventLoggerProperties.Consumer settings;
    private @Nullable StreamConsumer consumer;

    StreamConsumerLifecycle(StreamConsumers consumers, EventLoggerProperties properties) {
        this.consumers = consumers;
        this.settings = properties.consumer();
    }

    @Override
    public synchronized void start() {
        if (consumer == null) {
            StreamConsumer created = consumers.create(settings);
            created.start();
            consumer = created;
        }
    }

    @Override
    public synchronized void stop() {
        if (consumer != null) {
            consumer.stop();
            consumer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return consumer != null;
    }

    @Override
    public boolean isAutoStartup() {
        return settings.enabled();
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}
