package io.behavioralbiometrics.core.bus;

import io.behavioralbiometrics.core.event.ContractViolation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessage;
import org.springframework.data.redis.connection.stream.PendingMessages;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * One service's member of its consumer group on {@value BusNames#USER_DELETED_STREAM}. For
 * each entry it runs the service's {@link Eraser}, then records the completion in the
 * erasure's status hash, then acknowledges; the service that completes an erasure last
 * also deletes the entry, so the stream does not keep the user id once everybody is done.
 * <p>
 * The group is created from the start of the stream (with MKSTREAM), so an erasure
 * announced before the service first ran is still delivered. Each pass first re-handles
 * this consumer's own pending entries, then takes over entries other (presumably dead)
 * consumers left pending longer than {@code claimMinIdle}, then reads new ones. A failing
 * eraser leaves its entry pending and is retried with a growing delay. Reads do not block
 * (erasures are rare), so the shared connection of the template is never held.
 */
public final class UserDeletionConsumer implements SmartLifecycle {

    /** Deletes everything the service holds of a user. Must be idempotent; throw to retry later. */
    @FunctionalInterface
    public interface Eraser {
        void erase(UserDeletion deletion);
    }

    /**
     * @param pollInterval pause between passes when nothing is waiting
     * @param claimMinIdle entries pending on another consumer longer than this are taken over
     * @param maxBackoff   longest pause after repeated failures
     */
    public record Settings(Duration pollInterval, Duration claimMinIdle, Duration maxBackoff) {

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(30));
        }
    }

    private static final Logger log = LoggerFactory.getLogger(UserDeletionConsumer.class);
    private static final String STREAM = BusNames.USER_DELETED_STREAM;
    private static final int COUNT = 50;
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final StringRedisTemplate redis;
    private final String service;
    private final Consumer member;
    private final Eraser eraser;
    private final Settings settings;
    private final Clock clock = Clock.systemUTC();
    /** Counted down by stop(); a new one per start, as a stopped consumer may be started again. */
    private CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile boolean running;
    private volatile boolean groupReady;
    private @Nullable Thread thread;

    /**
     * @param service  this service's field in the status hash, one of {@link UserDeletion#SERVICES}
     * @param group    this service's consumer group
     * @param consumer this replica's name in the group
     */
    public UserDeletionConsumer(StringRedisTemplate redis, String service, String group, String consumer,
            Eraser eraser, Settings settings) {
        this.redis = redis;
        this.service = service;
        this.member = Consumer.from(group, consumer);
        this.eraser = eraser;
        this.settings = settings;
    }

    /**
     * Starts reading; also after a {@link #stop()}, since Spring stops and starts the
     * lifecycle beans of a context again (e.g. a paused test context that is reused).
     */
    @Override
    public synchronized void start() {
        if (thread == null) {
            running = true;
            CountDownLatch signal = new CountDownLatch(1);
            stopSignal = signal;
            thread = Thread.ofVirtual().name("user-deletion-consumer").start(() -> run(signal));
            log.info("Erasure consumer {} of group {} started on {}", member.getName(), member.getGroup(), STREAM);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        stopSignal.countDown();
        Thread current = thread;
        thread = null;
        if (current != null) {
            try {
                // A pass is short. When Redis is already gone (at JVM exit test servers stop
                // beside the context), a command waits for its timeout: interrupt it rather
                // than hold up the context's close, which Spring runs context after context.
                if (!current.join(STOP_GRACE)) {
                    current.interrupt();
                    current.join(STOP_GRACE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the stream consumers stop, after Redis and the database are up. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    private void run(CountDownLatch stopSignal) {
        int failures = 0;
        // Its own signal, not the running flag: a slow run that outlived stop() must not
        // carry on beside the run of the next start().
        while (stopSignal.getCount() > 0) {
            Duration pause = settings.pollInterval();
            try {
                pass();
                failures = 0;
            } catch (RuntimeException e) {
                failures++;
                groupReady = false;
                long factor = 1L << Math.min(failures - 1, 10);
                Duration backoff = settings.pollInterval().multipliedBy(factor);
                pause = backoff.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff;
                log.warn("Erasure consumer failed (attempt {}), entries stay pending; retrying in {}: {}", failures,
                        pause, e.toString());
            }
            try {
                if (stopSignal.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Handles everything waiting: own pending entries, idle entries of other consumers,
     * new entries. Returns how many entries were handled. Public for tests.
     */
    public int pass() {
        if (!groupReady) {
            createGroup();
            groupReady = true;
        }
        int handled = 0;
        handled += readAll(ReadOffset.from("0"));
        handled += claimIdle();
        handled += readAll(ReadOffset.lastConsumed());
        return handled;
    }

    private int readAll(ReadOffset offset) {
        int handled = 0;
        String pendingCursor = "0";
        while (true) {
            ReadOffset from = offset.equals(ReadOffset.lastConsumed()) ? offset : ReadOffset.from(pendingCursor);
            List<MapRecord<String, Object, Object>> records = redis.opsForStream().read(member,
                    StreamReadOptions.empty().count(COUNT), StreamOffset.create(STREAM, from));
            if (records == null || records.isEmpty()) {
                return handled;
            }
            for (MapRecord<String, Object, Object> record : records) {
                handle(record.getId().getValue(), record.getValue());
                handled++;
                pendingCursor = record.getId().getValue();
            }
        }
    }

    private int claimIdle() {
        PendingMessages pending = redis.opsForStream().pending(STREAM, member.getGroup(), Range.unbounded(), COUNT);
        List<String> idle = new ArrayList<>();
        for (PendingMessage message : pending) {
            if (!message.getConsumerName().equals(member.getName())
                    && message.getElapsedTimeSinceLastDelivery().compareTo(settings.claimMinIdle()) >= 0) {
                idle.add(message.getIdAsString());
            }
        }
        if (idle.isEmpty()) {
            return 0;
        }
        List<MapRecord<String, Object, Object>> claimed = redis.opsForStream().claim(STREAM, member.getGroup(),
                member.getName(), settings.claimMinIdle(),
                idle.stream().map(RecordId::of).toArray(RecordId[]::new));
        for (MapRecord<String, Object, Object> record : claimed) {
            log.info("Took over erasure entry {} left pending by another consumer", record.getId());
            handle(record.getId().getValue(), record.getValue());
        }
        return claimed.size();
    }

    private void handle(String id, @Nullable Map<?, ?> body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body != null) {
            body.forEach((k, v) -> fields.put(String.valueOf(k), String.valueOf(v)));
        }
        if (fields.isEmpty()) {
            // Deleted from the stream after it was delivered: the erasure is complete everywhere.
            acknowledge(id);
            return;
        }
        UserDeletion deletion;
        try {
            deletion = UserDeletion.fromFields(fields);
        } catch (ContractViolation e) {
            log.warn("Acknowledging unreadable entry {} of {}: {}", id, STREAM, e.getMessage());
            acknowledge(id);
            return;
        }
        eraser.erase(deletion);
        String statusKey = deletion.statusKey();
        redis.opsForHash().put(statusKey, service, clock.instant().toString());
        redis.expire(statusKey, UserDeletion.STATUS_TTL);
        acknowledge(id);
        log.info("Erased user {} in {} (erasure {})", deletion.userId(), service, deletion.erasureId());
        Map<Object, Object> status = redis.opsForHash().entries(statusKey);
        if (UserDeletion.SERVICES.stream().allMatch(status::containsKey)) {
            // Everybody is done: the entry would only keep the user id around.
            redis.opsForStream().delete(STREAM, id);
        }
    }

    private void acknowledge(String id) {
        redis.opsForStream().acknowledge(STREAM, member.getGroup(), id);
    }

    private void createGroup() {
        try {
            redis.execute((RedisCallback<String>) connection -> connection.streamCommands().xGroupCreate(
                    STREAM.getBytes(StandardCharsets.UTF_8), member.getGroup(), ReadOffset.from("0"), true));
            log.info("Created consumer group {} on {}", member.getGroup(), STREAM);
        } catch (RuntimeException e) {
            if (!messages(e).contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            all.append(Objects.toString(cause.getMessage(), "")).append(' ');
        }
        return all.toString();
    }
}
