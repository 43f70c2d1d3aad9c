package io.behavioralbiometrics.ingestor.ingest.publish;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.EventStreams;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Stops ingest before Redis is full. While the event logger is down the event stream only
 * grows; under {@code maxmemory} with {@code noeviction} Redis would then refuse every write,
 * erasures (tombstones, {@code bb:user-deleted}) included. So the ingestor refuses batches
 * (error {@code unavailable}: the SDK keeps them and re-sends) once the stream holds
 * {@code max-stream-entries} or Redis memory reaches its headroom, and accepts them again when
 * the backlog drains. The state is read every {@code check-interval}, not per batch, to keep the
 * write path one round trip; it is exported as {@code bb.ingest.backlog.*} gauges to alert on.
 * The check runs while the application runs (a lifecycle bean), so it stops before Redis
 * connections close.
 */
@Component
public class BacklogGuard implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BacklogGuard.class);

    private final StringRedisTemplate redis;
    private final List<String> shards;
    private final BacklogProperties properties;
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong usedMemory = new AtomicLong();
    private final AtomicLong maxMemory = new AtomicLong();
    private final ScheduledExecutorService timer;
    private final ExecutorService readers;
    private volatile @Nullable String refusal;
    private volatile @Nullable ScheduledFuture<?> checks;

    BacklogGuard(StringRedisTemplate redis, EventStreams streams, BacklogProperties properties, MeterRegistry meters,
            ScheduledExecutorService ingestTimer, ExecutorService ingestWriters) {
        this.redis = redis;
        this.shards = streams.keys(BusNames.EVENTS_STREAM);
        this.properties = properties;
        this.timer = ingestTimer;
        this.readers = ingestWriters;
        Gauge.builder("bb.ingest.backlog.entries", entries, AtomicLong::get)
                .description("Entries of the event stream (the event logger's backlog)").register(meters);
        Gauge.builder("bb.ingest.backlog.redis.used", usedMemory, AtomicLong::get).baseUnit("bytes")
                .description("Redis used_memory at the last check").register(meters);
        Gauge.builder("bb.ingest.backlog.refusing", this, guard -> guard.refusal == null ? 0 : 1)
                .description("1 while batches are refused to keep Redis from filling up").register(meters);
    }

    @Override
    public void start() {
        long millis = properties.checkInterval().toMillis();
        // Read on a virtual thread: a slow Redis must not hold up the timer's pings.
        checks = timer.scheduleWithFixedDelay(() -> readers.execute(this::refresh), 0, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledFuture<?> running = checks;
        if (running != null) {
            running.cancel(false);
        }
        checks = null;
    }

    @Override
    public boolean isRunning() {
        return checks != null;
    }

    /** Why batches are refused now, as the error message for the client; null while they are accepted. */
    public @Nullable String refusal() {
        return refusal;
    }

    /** Reads the stream length and Redis memory; a failed read keeps the last state. */
    void refresh() {
        try {
            long length = 0; // all shards together: they share Redis's memory
            for (String shard : shards) {
                Long shardLength = redis.opsForStream().size(shard);
                length += shardLength == null ? 0 : shardLength;
            }
            Memory memory = fullest(redis.execute((RedisCallback<Properties>) connection ->
                    connection.serverCommands().info("memory")));
            entries.set(length);
            usedMemory.set(memory.used());
            maxMemory.set(memory.max());
            update(decide(entries.get(), memory.used(), memory.max()));
        } catch (RuntimeException e) {
            // Redis being down is reported by the write path and readiness; the last state stands.
            log.debug("Could not read the event backlog: {}", e.getMessage());
        }
    }

    private @Nullable String decide(long length, long used, long max) {
        if (length >= properties.maxStreamEntries()) {
            return "stream: " + length + " entries wait for the event logger (bound " + properties.maxStreamEntries()
                    + "); keep the batch and re-send it later";
        }
        if (max > 0 && used >= (1 - properties.memoryHeadroom()) * max) {
            return "stream: the event store is nearly full (" + used * 100 / max
                    + "% of its memory); keep the batch and re-send it later";
        }
        return null;
    }

    private void update(@Nullable String next) {
        String previous = refusal;
        refusal = next;
        if (previous == null && next != null) {
            log.warn("Refusing batches to keep Redis from filling up: {} entries in {}, {} of {} bytes used",
                    entries.get(), BusNames.EVENTS_STREAM, usedMemory.get(), maxMemory.get());
        } else if (previous != null && next == null) {
            log.info("Accepting batches again: {} entries in {}", entries.get(), BusNames.EVENTS_STREAM);
        }
    }

    /** A Redis node's memory use and limit in bytes (0: no limit). */
    record Memory(long used, long max) {

        double fill() {
            return max <= 0 ? 0 : (double) used / max;
        }
    }

    /**
     * The memory of a server, or on a cluster of its fullest node: Spring Data prefixes each
     * node's fields with {@code host:port.}, and the first node to fill up refuses the writes
     * of every user whose shard it serves.
     */
    static Memory fullest(@Nullable Properties info) {
        if (info == null) {
            return new Memory(0, 0);
        }
        if (info.getProperty("used_memory") != null) {
            return new Memory(number(info, "used_memory"), number(info, "maxmemory"));
        }
        Memory fullest = new Memory(0, 0);
        for (String key : info.stringPropertyNames()) {
            if (key.endsWith(".used_memory")) {
                String node = key.substring(0, key.length() - "used_memory".length());
                Memory memory = new Memory(number(info, key), number(info, node + "maxmemory"));
                if (memory.fill() > fullest.fill() || fullest.used() == 0 && fullest.max() == 0) {
                    fullest = memory;
                }
            }
        }
        return fullest;
    }

    private static long number(Properties info, String key) {
        String value = info.getProperty(key);
        return value == null ? 0 : Long.parseLong(value.trim());
    }
}
