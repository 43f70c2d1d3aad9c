package io.behavioralbiometrics.eventlogger.stream;

import io.behavioralbiometrics.core.bus.EventStreams;
import io.behavioralbiometrics.core.stream.RedisStreamConnections;
import io.behavioralbiometrics.eventlogger.EventLoggerProperties;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Periodic stream housekeeping, on every shard: trimming consumed entries and refreshing the lag gauges. */
@Component
class StreamMaintenance implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(StreamMaintenance.class);

    private final RedisStreamConnections redis;
    private final StreamConsumers consumers;
    private final EventLoggerProperties properties;
    private final EventStreams streams;

    StreamMaintenance(RedisStreamConnections redis, StreamConsumers consumers, EventLoggerProperties properties,
            EventStreams streams) {
        this.redis = redis;
        this.consumers = consumers;
        this.properties = properties;
        this.streams = streams;
    }

    private List<EventLoggerProperties.Consumer> shards() {
        EventLoggerProperties.Consumer settings = properties.consumer();
        return streams.keys(settings.stream()).stream().map(settings::onStream).toList();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::refreshLag, properties.consumer().lagInterval());
        if (properties.trim().enabled()) {
            registrar.addFixedDelayTask(this::trim, properties.trim().interval());
        }
    }

    /** One trimmer per shard, each with its own lock (in the shard's cluster slot). */
    List<StreamTrimmer> trimmers() {
        EventLoggerProperties.Trim trim = properties.trim();
        String owner = StreamConsumers.uniqueName();
        return shards().stream().map(shard -> new StreamTrimmer(redis.shared(), shard.stream(), trim.requiredGroups(),
                trim.interval(), owner)).toList();
    }

    private void trim() {
        for (StreamTrimmer trimmer : trimmers()) {
            try {
                trimmer.trimIfLockFree();
            } catch (RuntimeException e) {
                log.warn("Trimming {} failed, next try in {}: {}", trimmer.stream(), properties.trim().interval(),
                        e.toString());
            }
        }
    }

    void refreshLag() {
        shards().forEach(this::refreshLag);
    }

    private void refreshLag(EventLoggerProperties.Consumer settings) {
        try {
            RedisClusterCommands<String, String> commands = redis.shared();
            long length = commands.xlen(settings.stream());
            long pending = length == 0 ? 0 : pending(commands, settings);
            consumers.metrics(settings).lag(pending, length);
        } catch (RuntimeException e) {
            log.debug("Could not refresh the lag of {}: {}", settings.stream(), e.toString());
        }
    }

    private static long pending(RedisClusterCommands<String, String> commands, EventLoggerProperties.Consumer settings) {
        try {
            return commands.xpending(settings.stream(), settings.group()).getCount();
        } catch (io.lettuce.core.RedisCommandExecutionException e) {
            return 0; // NOGROUP: the consumer has not created its group yet
        }
    }
}
