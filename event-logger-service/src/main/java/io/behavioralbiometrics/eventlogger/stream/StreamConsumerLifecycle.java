package io.behavioralbiometrics.eventlogger.stream;

import io.behavioralbiometrics.core.bus.EventStreams;
import io.behavioralbiometrics.core.stream.StreamConsumer;
import io.behavioralbiometrics.eventlogger.EventLoggerProperties;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs this replica's consumers ({@code threads} members of the group on each shard of the
 * stream, named {@code <name>-<i>} with i counting over all shards, shard by shard, so a
 * stable name finds its own pending entries again) while the application runs. Starts
 * after, and stops before, the Redis connection factory, so a graceful shutdown finishes
 * the chunks in hand (and acknowledges them) before connections close.
 */
@Component
class StreamConsumerLifecycle implements SmartLifecycle {

    private final StreamConsumers consumers;
    private final EventLoggerProperties.Consumer settings;
    private final EventStreams streams;
    /** Immutable, so health checks read it without the lock that a stop holds while consumers finish. */
    private volatile List<StreamConsumer> running = List.of();

    StreamConsumerLifecycle(StreamConsumers consumers, EventLoggerProperties properties, EventStreams streams) {
        this.consumers = consumers;
        this.settings = properties.consumer();
        this.streams = streams;
    }

    @Override
    public synchronized void start() {
        if (running.isEmpty()) {
            String base = consumers.baseName(settings);
            List<StreamConsumer> started = new ArrayList<>();
            for (String shard : streams.keys(settings.stream())) {
                for (int i = 0; i < settings.threads(); i++) {
                    StreamConsumer created = consumers.create(settings.onStream(shard), base + "-" + started.size());
                    created.start();
                    started.add(created);
                }
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
