package io.behavioralbiometrics.core.stream;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one loop every service runs over a Redis stream, on its own virtual thread and its own
 * connection (standalone or cluster, see {@link RedisStreamConnections}); a
 * {@link StreamHandler} turns the entries into their effect.
 * <p>
 * A {@linkplain #member group member} shares a stream's work with the other members of its
 * group, at least once: on start and after any failure it creates the group if missing and
 * re-handles its own pending entries ({@code XREADGROUP … 0}), then reads new ones
 * ({@code >}, blocking), and every {@code claimEvery} takes over entries other members left
 * pending longer than {@code claimMinIdle} ({@code XAUTOCLAIM}), presumably because they
 * died. Entries are acknowledged after the handler's effect; rejected ones go to the
 * dead-letter stream first. Failures leave the rest pending and back off exponentially. A
 * clean stop with nothing pending leaves the group, so the names of gone replicas do not
 * pile up.
 * <p>
 * A {@linkplain #tail tail} sees every entry itself (no group, one per replica): it reads
 * from the stream's end ({@code XREAD}) and, on start and whenever reading resumes after a
 * failure, runs {@code onResume}, since entries may have come and gone meanwhile.
 * <p>
 * Either kind reports its {@link #state() liveness} and can be started again after a stop
 * (Spring stops and restarts the lifecycle beans of a reused test context).
 */
public final class StreamConsumer {

    /**
     * A member of a consumer group on one stream key.
     *
     * @param stream       the stream key (one shard)
     * @param group        the consumer group
     * @param name         this member's name in the group; a stable name finds its own pending entries again
     * @param createFrom   where a group created by this member starts: {@code 0} for every entry, {@code $}
     *                     for new ones only
     * @param count        entries per read, claim round and handler call
     * @param block        how long a read waits for new entries
     * @param claimMinIdle entries pending on any member longer than this are taken over
     * @param claimEvery   how often this member looks for such entries
     * @param backoff      pauses after failures
     * @param deadLetters  where rejected entries go; {@code null} logs them instead
     */
    public record Group(String stream, String group, String name, String createFrom, int count, Duration block,
            Duration claimMinIdle, Duration claimEvery, Backoff backoff, @Nullable DeadLetters deadLetters) {
    }

    /**
     * A reader of every entry of one stream key, from its end.
     *
     * @param stream the stream key
     * @param name   how logs and liveness call it
     * @param count  entries per read
     * @param block  how long a read waits for new entries
     * @param backoff pauses after failures
     */
    public record Tail(String stream, String name, int count, Duration block, Backoff backoff) {
    }

    /** Exponential backoff: {@code initial}, doubled after every further failure, at most {@code max}. */
    public record Backoff(Duration initial, Duration max) {

        Duration after(int failures) {
            Duration delay = initial.multipliedBy(1L << Math.min(failures - 1, 20));
            return delay.compareTo(max) > 0 ? max : delay;
        }
    }

    /**
     * @param stream    the dead-letter stream; each entry holds {@code originalId}, {@code reason},
     *                  {@code consumer} and the original fields as {@code original.<field>}
     * @param maxLength roughly how many it keeps
     */
    public record DeadLetters(String stream, long maxLength) {
    }

    /** Hooks for a service's own meters; all optional. */
    public interface Observer {

        Observer NONE = new Observer() {
        };

        /** Entries taken over from idle members. */
        default void claimed(int entries) {
        }

        /** A read or a chunk failed; what was not acknowledged will be retried. */
        default void failed() {
        }

        /** An entry was rejected (dead-lettered or logged) and acknowledged. */
        default void rejected() {
        }
    }

    private static final Logger log = LoggerFactory.getLogger(StreamConsumer.class);
    /** Bounds one claim pass, so new entries are not starved while a large backlog is claimed. */
    private static final int MAX_CLAIM_ROUNDS = 10;
    /** How long a stopping consumer may take beyond one blocking read to finish its chunk. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final RedisStreamConnections connections;
    private final Source source;
    private final String name;
    private final Duration block;
    private final Backoff backoff;
    private final StreamHandler handler;
    private final Observer observer;

    private @Nullable Run current;
    private @Nullable Thread thread;
    /** When the loop last finished a read, a chunk or a retry pause: what liveness watches. */
    private volatile long progressNanos = System.nanoTime();

    private StreamConsumer(RedisStreamConnections connections, Source source, String name, Duration block,
            Backoff backoff, StreamHandler handler, Observer observer) {
        this.connections = connections;
        this.source = source;
        this.name = name;
        this.block = block;
        this.backoff = backoff;
        this.handler = handler;
        this.observer = observer;
    }

    /** A member of a consumer group; see the class comment. */
    public static StreamConsumer member(RedisStreamConnections connections, Group settings, StreamHandler handler,
            Observer observer) {
        return new StreamConsumer(connections, new GroupSource(settings), settings.name(), settings.block(),
                settings.backoff(), handler, observer);
    }

    /** A reader of every entry from the stream's end; {@code onResume} runs on start and after failures. */
    public static StreamConsumer tail(RedisStreamConnections connections, Tail settings, Runnable onResume,
            StreamHandler handler) {
        return new StreamConsumer(connections, new TailSource(settings, onResume), settings.name(), settings.block(),
                settings.backoff(), handler, Observer.NONE);
    }

    public String name() {
        return name;
    }

    /** Starts the loop unless it runs; also after a {@link #stop()}. */
    public synchronized void start() {
        if (current != null) {
            return;
        }
        Run run = new Run();
        current = run;
        progressNanos = System.nanoTime();
        thread = Thread.ofVirtual().name("stream-consumer-" + name).start(() -> run(run));
    }

    /** Asks the loop to finish its current chunk, without waiting. */
    public synchronized void requestStop() {
        if (current != null) {
            current.stop();
        }
    }

    /** Asks the loop to finish its current chunk and waits for it. */
    public void stop() {
        Run run;
        Thread stopping;
        synchronized (this) {
            run = current;
            stopping = thread;
            current = null;
            thread = null;
        }
        if (run == null || stopping == null) {
            return;
        }
        run.stop();
        try {
            // A read blocks for at most `block` and a chunk takes well under the grace; a
            // Redis call hanging on a vanished server (its own timeout is longer) is
            // interrupted instead of holding the shutdown. Entries not acknowledged by then
            // stay pending and are handled again, harmlessly, by the next consumer.
            if (!stopping.join(block.plus(STOP_GRACE))) {
                log.warn("Consumer {} did not stop in time, interrupting it", name);
                stopping.interrupt();
                stopping.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Started, not asked to stop, and its loop alive. */
    public synchronized boolean isRunning() {
        return current != null && current.running && thread != null && thread.isAlive();
    }

    /** Whether it runs, and how long ago its loop last finished a read, a chunk or a retry pause. */
    public ConsumerLiveness.State state() {
        return new ConsumerLiveness.State(name, isRunning(), Duration.ofNanos(System.nanoTime() - progressNanos));
    }

    /** One start's loop; a loop that outlives its stop() cannot run on beside the next start's. */
    private static final class Run {

        private final CountDownLatch stopSignal = new CountDownLatch(1);
        private volatile boolean running = true;

        void stop() {
            running = false;
            stopSignal.countDown();
        }

        void pause(Duration delay) {
            try {
                stopSignal.await(delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
            }
        }
    }

    private void run(Run run) {
        boolean clean = false;
        try {
            RedisStreamConnections.Link link = connect(run);
            if (link == null) {
                clean = true; // stopped while Redis was unreachable
                return;
            }
            try (link) {
                log.info("Consumer {} started on {}", name, source);
                loop(run, link.commands());
                clean = true;
                source.leave(this, link.commands());
            }
        } catch (RuntimeException e) {
            log.error("Consumer {} could not run", name, e);
        } finally {
            run.stop();
            log.info("Consumer {} stopped{}", name, clean ? "" : " abnormally");
        }
    }

    /** Connects, retrying with backoff while Redis is unreachable (a replica may start before it). */
    private RedisStreamConnections.@Nullable Link connect(Run run) {
        for (int failures = 1; run.running; failures++) {
            try {
                return connections.connect();
            } catch (RedisConnectionException e) {
                Duration delay = backoff.after(failures);
                log.warn("Consumer {} cannot reach Redis (attempt {}), retrying in {}: {}", name, failures, delay,
                        e.toString());
                run.pause(delay);
                progressNanos = System.nanoTime();
            }
        }
        return null;
    }

    private void loop(Run run, RedisClusterCommands<String, String> redis) {
        boolean recover = true;
        int failures = 0;
        long nextClaim = System.nanoTime();
        while (run.running) {
            try {
                if (recover) {
                    source.recover(this, run, redis);
                    recover = false;
                }
                if (System.nanoTime() - nextClaim >= 0) {
                    source.claim(this, run, redis);
                    nextClaim = System.nanoTime() + source.claimEvery().toNanos();
                }
                source.poll(this, redis);
                failures = 0;
                progressNanos = System.nanoTime();
            } catch (RuntimeException e) {
                if (!run.running) {
                    return;
                }
                failures++;
                observer.failed();
                Duration delay = backoff.after(failures);
                log.warn("Consumer {} failed (attempt {}), entries stay pending; retrying in {}: {}", name, failures,
                        delay, e.toString());
                recover = true;
                run.pause(delay);
                progressNanos = System.nanoTime();
            }
        }
    }

    /**
     * Hands a chunk to the handler, then dead-letters what it rejected and acknowledges what
     * is finished: all of it, or after a failure what it reported, before rethrowing.
     */
    private void process(RedisClusterCommands<String, String> redis, List<StreamMessage<String, String>> messages,
            @Nullable Group group) {
        List<StreamEntry> entries = new ArrayList<>(messages.size());
        for (StreamMessage<String, String> message : messages) {
            entries.add(new StreamEntry(message.getId(), message.getBody() == null ? Map.of() : message.getBody()));
        }
        Results results = new Results();
        RuntimeException failure = null;
        try {
            handler.handle(entries, results);
            entries.forEach(results::done);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Map.Entry<StreamEntry, String> rejected : results.rejected.entrySet()) {
            deadLetter(redis, group, rejected.getKey(), rejected.getValue());
        }
        if (group != null && !results.finished.isEmpty()) {
            redis.xack(group.stream(), group.group(), results.finished.toArray(String[]::new));
        }
        progressNanos = System.nanoTime();
        if (failure != null) {
            throw failure;
        }
    }

    private void deadLetter(RedisClusterCommands<String, String> redis, @Nullable Group group, StreamEntry entry,
            String reason) {
        DeadLetters deadLetters = group == null ? null : group.deadLetters();
        if (deadLetters != null) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("originalId", entry.id());
            fields.put("reason", reason);
            fields.put("consumer", name);
            entry.fields().forEach((field, value) -> fields.put("original." + field, value));
            redis.xadd(deadLetters.stream(), XAddArgs.Builder.maxlen(deadLetters.maxLength()).approximateTrimming(),
                    fields);
            log.warn("Moved stream entry {} to {}: {}", entry.id(), deadLetters.stream(), reason);
        } else {
            log.warn("Acknowledging unreadable entry {} of {}: {}", entry.id(), source, reason);
        }
        observer.rejected();
    }

    /** What the handler finished, in order: rejected entries are finished too. */
    private static final class Results implements StreamHandler.Outcomes {

        final Set<String> finished = new LinkedHashSet<>();
        final Map<StreamEntry, String> rejected = new LinkedHashMap<>();

        @Override
        public void done(StreamEntry entry) {
            finished.add(entry.id());
        }

        @Override
        public void reject(StreamEntry entry, String reason) {
            if (finished.add(entry.id())) {
                rejected.put(entry, reason);
            }
        }
    }

    /** Where a consumer's entries come from: a group's pending list and new entries, or the stream's tail. */
    private sealed interface Source {

        /** On start and after a failure, before reading on. */
        void recover(StreamConsumer consumer, Run run, RedisClusterCommands<String, String> redis);

        void claim(StreamConsumer consumer, Run run, RedisClusterCommands<String, String> redis);

        Duration claimEvery();

        /** One (blocking) read and its chunk. */
        void poll(StreamConsumer consumer, RedisClusterCommands<String, String> redis);

        /** After a clean stop. */
        void leave(StreamConsumer consumer, RedisClusterCommands<String, String> redis);
    }

    private record GroupSource(Group settings, Consumer<String> member) implements Source {

        GroupSource(Group settings) {
            this(settings, Consumer.from(settings.group(), settings.name()));
        }

        @Override
        public void recover(StreamConsumer consumer, Run run, RedisClusterCommands<String, String> redis) {
            try {
                redis.xgroupCreate(StreamOffset.from(settings.stream(), settings.createFrom()), settings.group(),
                        XGroupCreateArgs.Builder.mkstream());
                log.info("Created consumer group {} on {}", settings.group(), settings.stream());
            } catch (RedisBusyException e) {
                // BUSYGROUP: it exists already, the normal case.
            }
            // Entries delivered to this member earlier and never acknowledged.
            String after = "0";
            while (run.running) {
                List<StreamMessage<String, String>> messages = redis.xreadgroup(member,
                        XReadArgs.Builder.count(settings.count()), StreamOffset.from(settings.stream(), after));
                if (messages.isEmpty()) {
                    return;
                }
                log.info("Consumer {} re-handling {} of its pending entries", settings.name(), messages.size());
                consumer.process(redis, messages, settings);
                after = messages.getLast().getId();
            }
        }

        @Override
        public void claim(StreamConsumer consumer, Run run, RedisClusterCommands<String, String> redis) {
            String start = "0-0";
            for (int round = 0; round < MAX_CLAIM_ROUNDS && run.running; round++) {
                ClaimedMessages<String, String> claimed = redis.xautoclaim(settings.stream(),
                        new XAutoClaimArgs<String>().consumer(member).minIdleTime(settings.claimMinIdle())
                                .startId(start).count(settings.count()));
                List<StreamMessage<String, String>> messages = claimed.getMessages();
                if (!messages.isEmpty()) {
                    log.info("Consumer {} claimed {} entries of {} idle for more than {}", settings.name(),
                            messages.size(), settings.stream(), settings.claimMinIdle());
                    consumer.observer.claimed(messages.size());
                    consumer.process(redis, messages, settings);
                }
                start = claimed.getId();
                if ("0-0".equals(start)) {
                    return;
                }
            }
        }

        @Override
        public Duration claimEvery() {
            return settings.claimEvery();
        }

        @Override
        public void poll(StreamConsumer consumer, RedisClusterCommands<String, String> redis) {
            List<StreamMessage<String, String>> messages = redis.xreadgroup(member,
                    XReadArgs.Builder.count(settings.count()).block(settings.block()),
                    StreamOffset.lastConsumed(settings.stream()));
            if (!messages.isEmpty()) {
                consumer.process(redis, messages, settings);
            }
        }

        @Override
        public void leave(StreamConsumer consumer, RedisClusterCommands<String, String> redis) {
            try {
                Long pending = redis.xpending(settings.stream(), settings.group()).getConsumerMessageCount()
                        .get(settings.name());
                if (pending == null || pending == 0) {
                    redis.xgroupDelconsumer(settings.stream(), member);
                }
            } catch (RuntimeException e) {
                log.debug("Consumer {} could not leave the group: {}", settings.name(), e.toString());
            }
        }

        @Override
        public String toString() {
            return settings.stream() + " (group " + settings.group() + ")";
        }
    }

    private static final class TailSource implements Source {

        private final Tail settings;
        private final Runnable onResume;
        /** Null until the stream's end is known; then the id of the last entry seen. */
        private @Nullable String lastId;

        TailSource(Tail settings, Runnable onResume) {
            this.settings = settings;
            this.onResume = onResume;
        }

        @Override
        public void recover(StreamConsumer consumer, Run run, RedisClusterCommands<String, String> redis) {
            if (lastId == null) {
                List<StreamMessage<String, String>> newest = redis.xrevrange(settings.stream(), Range.unbounded(),
                        Limit.from(1));
                lastId = newest.isEmpty() ? "0-0" : newest.getFirst().getId();
            }
            onResume.run();
        }

        @Override
        public void claim(StreamConsumer consumer, Run run, RedisClusterCommands<String, String> redis) {
            // Nobody else holds a tail's entries.
        }

        @Override
        public Duration claimEvery() {
            return Duration.ofDays(365);
        }

        @Override
        public void poll(StreamConsumer consumer, RedisClusterCommands<String, String> redis) {
            String from = lastId == null ? "$" : lastId;
            List<StreamMessage<String, String>> messages = redis.xread(
                    XReadArgs.Builder.count(settings.count()).block(settings.block()),
                    StreamOffset.from(settings.stream(), from));
            if (!messages.isEmpty()) {
                consumer.process(redis, messages, null);
                lastId = messages.getLast().getId();
            }
        }

        @Override
        public void leave(StreamConsumer consumer, RedisClusterCommands<String, String> redis) {
        }

        @Override
        public String toString() {
            return settings.stream() + " (tail)";
        }
    }
}
