package io.behavioralbiometrics.eventlogger.stream;

import io.behavioralbiometrics.eventlogger.EventLoggerProperties;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs this replica's consumers ({@code threads} members of the group, named
 * {@code <name>-<i>}) while the application runs. Starts after, and stops before, the
 * Redis connection factory, so a graceful shutdown finishes the chunks in hand (and
 * acknowledges them) before connections close.
 */
@Component
class StreamConsumerLifecycle implements SmartLifecycle {

    private final StreamConsumers consumers;
    private final EventLoggerProperties.Consumer settings;
    /** Immutable, so health checks read it without the lock that a stop holds while consumers finish. */
    private volatile List<StreamConsumer> running = List.of();

    StreamConsumerLifecycle(StreamConsumers consumers, EventLoggerProperties properties) {
        this.consumers = consumers;
        this.settings = properties.consumer();
    }

    @Override
    public synchronized void start() {
        if (running.isEmpty()) {
            String base = consumers.baseName(settings);
            List<StreamConsumer> started = new ArrayList<>();
            for (int i = 0; i < settings.threads(); i++) {
                StreamConsumer created = consumers.create(settings, base + "-" + i);
                created.start();
                started.add(created);
            }
            running = List.copyOf(started);
        }
    }

    @Override
    public synchronized void stop() {
        List<StreamConsumer> stopping = running;
        running = List.of(); // stopping consumers are not dead ones to liveness
        // Ask all to stop first, so their current chunks finish in parallel.
        stopping.forEach(StreamConsumer::requestStop);
        stopping.forEach(StreamConsumer::stop);
    }

    /** The consumers started and not asked to stop (none before start and once stopping). */
    List<StreamConsumer> consumers() {
        return running;
    }

    @Override
    public boolean isRunning() {
        return !running.isEmpty();
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
