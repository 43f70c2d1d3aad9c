package io.behavioralbiometrics.eventlogger.stream;

import io.behavioralbiometrics.core.bus.ConsumerLiveness;
import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.ContractViolation;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.eventlogger.EventLoggerProperties;
import io.behavioralbiometrics.eventlogger.storage.EventWriter;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of the consumer group: reads entries, stores their events and acknowledges
 * them only after the transaction committed, so an entry is either stored or still
 * pending (at-least-once; the unique key makes re-delivery harmless).
 * <p>
 * The loop runs on its own virtual thread: on start and after any failure it first
 * re-processes its own pending entries ({@code XREADGROUP … 0}), then reads new ones
 * ({@code >}) and every {@code claimInterval} claims entries that other consumers left
 * pending for longer than {@code claimMinIdle} ({@code XAUTOCLAIM}). Unreadable entries
 * go to the dead-letter stream and are acknowledged, so they never block the rest.
 * Failures (PostgreSQL or Redis down) leave everything unacknowledged and back off
 * exponentially.
 */
final class StreamConsumer {

    private static final Logger log = LoggerFactory.getLogger(StreamConsumer.class);
    /** Bounds one claim pass, so new entries are not starved while a large backlog is claimed. */
    private static final int MAX_CLAIM_ROUNDS = 10;
    /** How long a stopping consumer may take beyond one blocking read to finish its chunk. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final RedisStreams streams;
    private final EventWriter writer;
    private final EventCodec codec;
    private final EventLoggerProperties.Consumer settings;
    private final String name;
    private final Consumer<String> member;
    private final StreamMetrics metrics;
    private final CountDownLatch stopSignal = new CountDownLatch(1);

    /** Test hook between the commit and the acknowledgement; throwing an {@link Error} kills the loop there. */
    volatile Runnable afterCommitBeforeAck = () -> { };

    private volatile boolean running;
    private volatile @Nullable Thread thread;
    /** When the loop last finished a read, a chunk or a retry pause: what liveness watches. */
    private volatile long progressNanos = System.nanoTime();
    private @Nullable RedisClusterCommands<String, String> redis;

    StreamConsumer(RedisStreams streams, EventWriter writer, EventCodec codec, EventLoggerProperties.Consumer settings,
            String name, StreamMetrics metrics) {
        this.streams = streams;
        this.writer = writer;
        this.codec = codec;
        this.settings = settings;
        this.name = name;
        this.member = Consumer.from(settings.group(), name);
        this.metrics = metrics;
    }

    String name() {
        return name;
    }

    boolean isRunning() {
        Thread current = thread;
        return running && current != null && current.isAlive();
    }

    /** Whether it runs, and how long ago its loop last finished a read, a chunk or a retry pause. */
    ConsumerLiveness.State state() {
        return new ConsumerLiveness.State(name, isRunning(), Duration.ofNanos(System.nanoTime() - progressNanos));
    }

    synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("consumer " + name + " was already started");
        }
        running = true;
        progressNanos = System.nanoTime();
        thread = Thread.ofVirtual().name("event-logger-consumer-" + name).start(this::run);
    }

    /** Asks the loop to finish its current chunk, without waiting. */
    void requestStop() {
        running = false;
        stopSignal.countDown();
    }

    /** Asks the loop to finish its current chunk and waits for it. */
    void stop() {
        requestStop();
        Thread current = thread;
        if (current == null) {
            return;
        }
        try {
            // A read blocks for at most blockTimeout and a chunk commits in well under the
            // grace; a Redis call hanging on a vanished server (its own timeout is longer)
            // is interrupted instead of holding the shutdown. Entries not acknowledged by
            // then stay pending and are stored again, harmlessly, by the next consumer.
            if (!current.join(settings.blockTimeout().plus(STOP_GRACE))) {
                log.warn("Consumer {} did not stop in time, interrupting it", name);
                current.interrupt();
                current.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        boolean clean = false;
        try {
            RedisStreams.Link link = connect();
            if (link == null) {
                clean = true; // stopped while Redis was unreachable
                return;
            }
            try (link) {
                redis = link.commands();
                log.info("Consumer {} of group {} started on {}", name, settings.group(), settings.stream());
                loop();
                clean = true;
                leaveGroupIfIdle();
            }
        } catch (RuntimeException e) {
            log.error("Consumer {} could not run", name, e);
        } finally {
            running = false;
            log.info("Consumer {} stopped{}", name, clean ? "" : " abnormally");
        }
    }

    /**
     * Connects to Redis, retrying with backoff while it is unreachable (a replica may start
     * before it); {@code null} once asked to stop.
     */
    private RedisStreams.@Nullable Link connect() {
        for (int failures = 1; running; failures++) {
            try {
                return streams.connect();
            } catch (RedisConnectionException e) {
                Duration delay = backoff(failures);
                log.warn("Consumer {} cannot reach Redis (attempt {}), retrying in {}: {}", name, failures, delay,
                        e.toString());
                pause(delay);
                progressNanos = System.nanoTime();
            }
        }
        return null;
    }

    private void loop() {
        boolean recover = true;
        int failures = 0;
        long nextClaim = System.nanoTime();
        while (running) {
            try {
                if (recover) {
                    ensureGroup();
                    drainOwnPending();
                    recover = false;
                }
                if (System.nanoTime() - nextClaim >= 0) {
                    claimIdle();
                    nextClaim = System.nanoTime() + settings.claimInterval().toNanos();
                }
                List<StreamMessage<String, String>> messages = commands().xreadgroup(member,
                        XReadArgs.Builder.count(settings.batchCount()).block(settings.blockTimeout()),
                        StreamOffset.lastConsumed(settings.stream()));
                if (!messages.isEmpty()) {
                    process(messages);
                }
                failures = 0;
                progressNanos = System.nanoTime();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                failures++;
                metrics.writeFailed();
                Duration delay = backoff(failures);
                log.warn("Consumer {} failed (attempt {}), entries stay pending; retrying in {}: {}", name, failures,
                        delay, e.toString());
                recover = true;
                pause(delay);
                progressNanos = System.nanoTime();
            }
        }
    }

    Duration backoff(int failures) {
        EventLoggerProperties.Backoff backoff = settings.backoff();
        long factor = 1L << Math.min(failures - 1, 20);
        Duration delay = backoff.initial().multipliedBy(factor);
        return delay.compareTo(backoff.max()) > 0 ? backoff.max() : delay;
    }

    private void pause(Duration delay) {
        try {
            stopSignal.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private RedisClusterCommands<String, String> commands() {
        RedisClusterCommands<String, String> commands = redis;
        if (commands == null) {
            throw new IllegalStateException("not connected");
        }
        return commands;
    }

    /** Creates the group (and the stream) unless they exist; safe to repeat. */
    private void ensureGroup() {
        try {
            commands().xgroupCreate(StreamOffset.from(settings.stream(), "0"), settings.group(),
                    XGroupCreateArgs.Builder.mkstream());
            log.info("Created consumer group {} on {}", settings.group(), settings.stream());
        } catch (RedisBusyException e) {
            // BUSYGROUP: it exists already, the normal case.
        }
    }

    /** Re-processes entries delivered to this consumer earlier and never acknowledged. */
    private void drainOwnPending() {
        String after = "0";
        while (running) {
            List<StreamMessage<String, String>> messages = commands().xreadgroup(member,
                    XReadArgs.Builder.count(settings.batchCount()), StreamOffset.from(settings.stream(), after));
            if (messages.isEmpty()) {
                return;
            }
            log.info("Consumer {} re-processing {} of its pending entries", name, messages.size());
            process(messages);
            after = messages.getLast().getId();
        }
    }

    /** Takes over entries that other consumers left pending too long, presumably because they died. */
    private void claimIdle() {
        String start = "0-0";
        for (int round = 0; round < MAX_CLAIM_ROUNDS && running; round++) {
            ClaimedMessages<String, String> claimed = commands().xautoclaim(settings.stream(),
                    new XAutoClaimArgs<String>().consumer(member).minIdleTime(settings.claimMinIdle())
                            .startId(start).count(settings.batchCount()));
            List<StreamMessage<String, String>> messages = claimed.getMessages();
            if (!messages.isEmpty()) {
                log.info("Consumer {} claimed {} entries idle for more than {}", name, messages.size(),
                        settings.claimMinIdle());
                metrics.claimed(messages.size());
                process(messages);
            }
            start = claimed.getId();
            if ("0-0".equals(start)) {
                return;
            }
        }
    }

    /** Stores the good entries in one transaction, dead-letters the bad ones, then acknowledges all. */
    private void process(List<StreamMessage<String, String>> messages) {
        List<String> ids = new ArrayList<>(messages.size());
        List<IngestedBatch> batches = new ArrayList<>(messages.size());
        List<String> batchIds = new ArrayList<>(messages.size());
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (StreamMessage<String, String> message : messages) {
            ids.add(message.getId());
            Map<String, String> fields = message.getBody() == null ? Map.of() : message.getBody();
            if (fields.isEmpty()) {
                deadLetters.add(new DeadLetter(message.getId(), "entry has no fields (deleted from the stream)", fields));
                continue;
            }
            try {
                IngestedBatch batch = IngestedBatch.fromFields(fields, codec);
                batches.add(batch);
                batchIds.add(message.getId());
            } catch (ContractViolation e) {
                deadLetters.add(new DeadLetter(message.getId(), e.code() + ": " + e.getMessage(), fields));
            } catch (RuntimeException e) {
                // Parsing is pure: whatever fails here fails the same way on every retry.
                deadLetters.add(new DeadLetter(message.getId(), "unreadable entry: " + e, fields));
            }
        }
        if (!batches.isEmpty()) {
            store(batches, batchIds, deadLetters);
        }
        afterCommitBeforeAck.run();
        for (DeadLetter deadLetter : deadLetters) {
            deadLetter(deadLetter);
        }
        commands().xack(settings.stream(), settings.group(), ids.toArray(String[]::new));
        progressNanos = System.nanoTime();
    }

    private void store(List<IngestedBatch> batches, List<String> batchIds, List<DeadLetter> deadLetters) {
        int written;
        try {
            written = metrics.writes().recordCallable(() -> writer.write(batches));
        } catch (RuntimeException e) {
            if (!rejectedByDatabase(e)) {
                throw e;
            }
            // A constraint the contract did not catch: find the entry, keep the others.
            log.warn("Database rejected a chunk of {} entries, storing them one by one: {}", batches.size(),
                    sqlSummary(e));
            written = 0;
            for (int i = 0; i < batches.size(); i++) {
                try {
                    written += writer.write(List.of(batches.get(i)));
                } catch (RuntimeException single) {
                    if (!rejectedByDatabase(single)) {
                        throw single;
                    }
                    deadLetters.add(new DeadLetter(batchIds.get(i), "rejected by the database: " + sqlSummary(single),
                            batches.get(i).toFields(codec)));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        metrics.persisted(written);
        for (IngestedBatch batch : batches) {
            metrics.batch(batch.events().size());
        }
    }

    private void deadLetter(DeadLetter deadLetter) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("originalId", deadLetter.originalId());
        fields.put("reason", deadLetter.reason());
        fields.put("consumer", name);
        deadLetter.fields().forEach((field, value) -> fields.put("original." + field, value));
        commands().xadd(settings.deadLetterStream(),
                XAddArgs.Builder.maxlen(settings.deadLetterMaxLength()).approximateTrimming(), fields);
        metrics.deadLettered();
        log.warn("Moved stream entry {} to {}: {}", deadLetter.originalId(), settings.deadLetterStream(),
                deadLetter.reason());
    }

    /** Leaves the group on a clean stop when nothing is pending, so dead names do not pile up. */
    private void leaveGroupIfIdle() {
        try {
            Long pending = commands().xpending(settings.stream(), settings.group()).getConsumerMessageCount()
                    .get(name);
            if (pending == null || pending == 0) {
                commands().xgroupDelconsumer(settings.stream(), member);
            }
        } catch (RuntimeException e) {
            log.debug("Consumer {} could not leave the group: {}", name, e.toString());
        }
    }

    /** Integrity (23xxx) and data (22xxx) errors are about the rows, not the database being away. */
    static boolean rejectedByDatabase(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    String state = next.getSQLState();
                    if (state != null && (state.startsWith("23") || state.startsWith("22"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** SQL state and the first line of the server's message; the detail line would echo row values. */
    static String sqlSummary(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                SQLException last = sql;
                while (last.getNextException() != null) {
                    last = last.getNextException();
                }
                String message = String.valueOf(last.getMessage());
                return "SQLState " + last.getSQLState() + ": " + message.lines().findFirst().orElse("");
            }
        }
        return failure.getClass().getSimpleName();
    }

    private record DeadLetter(String originalId, String reason, Map<String, String> fields) {
    }
}
