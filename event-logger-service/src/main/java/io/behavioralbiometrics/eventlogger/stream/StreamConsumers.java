package io.behavioralbiometrics.eventlogger.stream;

import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.core.stream.RedisStreamConnections;
import io.behavioralbiometrics.core.stream.StreamConsumer;
import io.behavioralbiometrics.eventlogger.EventLoggerProperties;
import io.behavioralbiometrics.eventlogger.storage.EventWriter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * Creates this service's {@link StreamConsumer}s on {@code bb:events}: members of the
 * group that store each chunk through {@link EventBatchHandler}. Tests use it to run
 * several side by side, as replicas would.
 */
@Component
class StreamConsumers {

    private final RedisStreamConnections redis;
    private final EventWriter writer;
    private final EventCodec codec;
    private final MeterRegistry registry;
    private final Map<String, StreamMetrics> metrics = new ConcurrentHashMap<>();

    StreamConsumers(RedisStreamConnections redis, EventWriter writer, EventCodec codec, MeterRegistry registry) {
        this.redis = redis;
        this.writer = writer;
        this.codec = codec;
        this.registry = registry;
    }

    StreamConsumer create(EventLoggerProperties.Consumer settings, String name) {
        return create(settings, name, () -> { });
    }

    /** @param afterCommit runs between a chunk's commit and its acknowledgement (tests inject failures there) */
    StreamConsumer create(EventLoggerProperties.Consumer settings, String name, Runnable afterCommit) {
        StreamMetrics meters = metrics(settings);
        EventLoggerProperties.Backoff backoff = settings.backoff();
        return StreamConsumer.member(redis, new StreamConsumer.Group(settings.stream(), settings.group(), name, "0",
                settings.batchCount(), settings.blockTimeout(), settings.claimMinIdle(), settings.claimInterval(),
                new StreamConsumer.Backoff(backoff.initial(), backoff.max()),
                new StreamConsumer.DeadLetters(settings.deadLetterStream(), settings.deadLetterMaxLength())),
                new EventBatchHandler(writer, codec, meters, afterCommit), meters);
    }

    /** The configured name, or one unique to this process: host, pid and a random suffix. */
    String baseName(EventLoggerProperties.Consumer settings) {
        String name = settings.name();
        return name == null || name.isBlank() ? uniqueName() : name;
    }

    StreamMetrics metrics(EventLoggerProperties.Consumer settings) {
        return metrics.computeIfAbsent(settings.stream() + " " + settings.group(),
                key -> new StreamMetrics(registry, settings.stream(), settings.group()));
    }

    static String uniqueName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        return host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
    }
}
