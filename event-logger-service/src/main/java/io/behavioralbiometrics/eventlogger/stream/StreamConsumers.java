package io.behavioralbiometrics.eventlogger.stream;

import io.behavioralbiometrics.core.event.EventCodec;
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

/** Creates consumers; tests use it to run several side by side, as replicas would. */
@Component
class StreamConsumers {

    private final RedisStreams redis;
    private final EventWriter writer;
    private final EventCodec codec;
    private final MeterRegistry registry;
    private final Map<String, StreamMetrics> metrics = new ConcurrentHashMap<>();

    StreamConsumers(RedisStreams redis, EventWriter writer, EventCodec codec, MeterRegistry registry) {
        this.redis = redis;
        this.writer = writer;
        this.codec = codec;
        this.registry = registry;
    }

    StreamConsumer create(EventLoggerProperties.Consumer settings, String name) {
        return new StreamConsumer(redis, writer, codec, settings, name, metrics(settings));
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
