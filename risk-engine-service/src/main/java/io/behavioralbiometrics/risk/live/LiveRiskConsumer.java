package io.behavioralbiometrics.risk.live;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.EventStreams;
import io.behavioralbiometrics.core.bus.ConsumerLiveness;
import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.bus.UserDeletion;
import io.behavioralbiometrics.core.bus.RiskUpdate;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.ContractViolation;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.risk.RiskProperties;
import io.behavioralbiometrics.risk.registry.ModelRegistry;
import io.behavioralbiometrics.risk.scoring.SessionScorer;
import io.behavioralbiometrics.risk.session.SessionRisks;
import io.behavioralbiometrics.risk.training.AutomaticRetraining;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scores live sessions: the {@value BusNames#RISK_ENGINE_GROUP} group on
 * {@value BusNames#EVENTS_STREAM}, read by {@code live.threads} virtual threads per replica
 * and shard of the stream ({@code bb.streams.shards}; one of each by default), each a member
 * of the group under its own name. Each batch is
 * added to its session's window in Redis; when enough new events arrived, the session is
 * scored with the user's latest model (its session evidence carried on in
 * {@link SessionEvidence}), the risk is stored and published on
 * {@value BusNames#RISK_CHANNEL}. Entries of users without a model are skipped undecoded
 * unless automatic retraining counts their events. Entries are acknowledged once handled;
 * entries that cannot be read are acknowledged and counted as poison; entries left
 * pending by a failure or a dead replica are claimed again after {@code claim-min-idle}.
 * Each batch also counts towards the user's automatic retraining, when that is enabled.
 */
@Component
@ConditionalOnProperty(prefix = "bb.risk.live", name = "enabled", havingValue = "true", matchIfMissing = true)
class LiveRiskConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveRiskConsumer.class);
    private static final String GROUP = BusNames.RISK_ENGINE_GROUP;
    /** Bounds one claim pass, so new entries are not starved while a large backlog is claimed. */
    private static final int MAX_CLAIM_ROUNDS = 10;

    private final StringRedisTemplate redis;
    private final EventCodec codec;
    private final SessionWindows windows;
    private final SessionEvidence evidence;
    private final SessionScorer scorer;
    private final ModelRegistry registry;
    private final SessionRisks sessionRisks;
    private final AutomaticRetraining retraining;
    private final JsonMapper json;
    private final RiskProperties.Live settings;
    /** One group member per thread and shard: scoring is CPU-bound, so a replica scales with its cores. */
    private final List<Member> members;
    private final Counter poison;
    private final Counter failed;
    private final Counter skipped;
    private final Counter published;
    private final Clock clock = Clock.systemUTC();

    private volatile boolean running;
    /** Started in {@link #members} order; read by health checks while it changes. */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    /** Per consumer name, when its loop last finished a read or a retry pause: what liveness watches. */
    private final Map<String, Long> progress = new ConcurrentHashMap<>();

    LiveRiskConsumer(StringRedisTemplate redis, EventCodec codec, SessionWindows windows, SessionEvidence evidence,
            SessionScorer scorer, ModelRegistry registry, SessionRisks sessionRisks, AutomaticRetraining retraining, JsonMapper json,
            RiskProperties properties, EventStreams streams, MeterRegistry meters) {
        this.redis = redis;
        this.registry = registry;
        this.codec = codec;
        this.windows = windows;
        this.evidence = evidence;
        this.scorer = scorer;
        this.sessionRisks = sessionRisks;
        this.retraining = retraining;
        this.json = json;
        this.settings = properties.live();
        String name = settings.consumerName().isBlank() ? defaultConsumerName() : settings.consumerName();
        List<String> shards = streams.keys(BusNames.EVENTS_STREAM);
        int count = shards.size() * settings.threads();
        // Shard by shard, so a stable configured name finds its own pending entries again.
        this.members = IntStream.range(0, count).mapToObj(i -> new Member(count == 1 ? name : name + "-" + i,
                shards.get(i / settings.threads()))).toList();
        this.poison = meters.counter("bb.risk.live.entries", "outcome", "poison");
        this.failed = meters.counter("bb.risk.live.entries", "outcome", "failed");
        this.skipped = meters.counter("bb.risk.live.entries", "outcome", "skipped");
        this.published = meters.counter("bb.risk.live.updates");
    }

    @Override
    public void start() {
        running = true;
        for (Member member : members) {
            progress.put(member.name(), System.nanoTime());
            threads.add(Thread.ofVirtual().name("risk-live-consumer-" + member.name()).start(() -> run(member)));
        }
        log.info("Live risk consumers {} started in group {}", members, GROUP);
    }

    @Override
    public void stop() {
        running = false;
        for (Thread current : threads) {
            try {
                // A read returns within the block time while Redis is there. When it is gone
                // (at JVM exit test servers stop beside the context) the command waits for its
                // timeout: interrupt it; the entry stays pending and is delivered again.
                if (!current.join(settings.block().plusSeconds(1))) {
                    current.interrupt();
                    current.join(Duration.ofSeconds(2));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The state of this replica's consumer threads (none before start and once stopping). */
    List<ConsumerLiveness.State> states() {
        if (!running) {
            return List.of(); // stopping consumers are not dead ones
        }
        long now = System.nanoTime();
        List<Thread> started = List.copyOf(threads);
        List<ConsumerLiveness.State> states = new ArrayList<>();
        for (int i = 0; i < started.size(); i++) {
            String name = members.get(i).name();
            states.add(new ConsumerLiveness.State(name, started.get(i).isAlive(),
                    Duration.ofNanos(now - progress.getOrDefault(name, now))));
        }
        return states;
    }

    /** A member of the group on one shard of the stream. */
    record Member(String name, String stream) {
    }

    private void run(Member member) {
        String consumerName = member.name();
        String stream = member.stream();
        boolean groupReady = false;
        long nextClaim = System.nanoTime();
        // Blocking reads need a connection of their own; through the template each one
        // would open and close a new one.
        RedisConnection reader = null;
        try {
            while (running) {
                try {
                    if (!groupReady) {
                        createGroup(stream);
                        groupReady = true;
                    }
                    if (System.nanoTime() - nextClaim >= 0) {
                        claimIdle(member);
                        nextClaim = System.nanoTime() + settings.claimEvery().toNanos();
                    }
                    if (reader == null || reader.isClosed()) {
                        reader = redis.getRequiredConnectionFactory().getConnection();
                    }
                    List<ByteRecord> records = reader.streamCommands().xReadGroup(
                            Consumer.from(GROUP, consumerName),
                            StreamReadOptions.empty().count(settings.batchSize()).block(settings.block()),
                            StreamOffset.create(bytes(stream), ReadOffset.lastConsumed()));
                    if (records != null && !records.isEmpty()) {
                        Map<String, Map<String, String>> entries = new LinkedHashMap<>();
                        records.forEach(record -> entries.put(record.getId().getValue(), strings(record.getValue())));
                        handleAll(stream, entries);
                    }
                    progress.put(consumerName, System.nanoTime());
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    // Redis restarted or the stream was deleted: reconnect and recreate the group.
                    groupReady = false;
                    reader = close(reader);
                    log.warn("Live risk consumer failed, retrying in 1 s: {}", e.toString());
                    sleep();
                    progress.put(consumerName, System.nanoTime());
                }
            }
        } finally {
            close(reader);
        }
    }

    private static @Nullable RedisConnection close(@Nullable RedisConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                // Already broken; nothing left to release.
            }
        }
        return null;
    }

    private void createGroup(String stream) {
        try {
            redis.execute((RedisCallback<String>) connection -> connection.streamCommands()
                    .xGroupCreate(bytes(stream), GROUP, ReadOffset.latest(), true));
            log.info("Created consumer group {} on {}", GROUP, stream);
        } catch (RuntimeException e) {
            if (!messages(e).contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /** Takes over entries pending longer than claim-min-idle, whoever held them (XAUTOCLAIM). */
    private void claimIdle(Member member) {
        String cursor = "0-0";
        int rounds = 0;
        do {
            String start = cursor;
            ClaimedMessages<byte[], byte[]> claimed = redis.execute((RedisCallback<ClaimedMessages<byte[], byte[]>>)
                    connection -> autoClaim(connection.getNativeConnection(), start, member));
            if (claimed == null) {
                return;
            }
            Map<String, Map<String, String>> entries = new LinkedHashMap<>();
            for (var message : claimed.getMessages()) {
                log.info("Claimed idle entry {} of {}", message.getId(), member.stream());
                entries.put(message.getId(), message.getBody() == null ? Map.of() : strings(message.getBody()));
            }
            handleAll(member.stream(), entries);
            progress.put(member.name(), System.nanoTime()); // a long claim pass is progress, not a stall
            cursor = claimed.getId();
        } while (running && !"0-0".equals(cursor) && ++rounds < MAX_CLAIM_ROUNDS);
    }

    @SuppressWarnings("unchecked")
    private ClaimedMessages<byte[], byte[]> autoClaim(Object nativeConnection, String start, Member member) {
        var commands = (RedisStreamAsyncCommands<byte[], byte[]>) nativeConnection;
        try {
            return commands.xautoclaim(bytes(member.stream()), XAutoClaimArgs.Builder.xautoclaim(
                    io.lettuce.core.Consumer.from(bytes(GROUP), bytes(member.name())),
                    settings.claimMinIdle(), start).count(settings.batchSize())).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while claiming entries", e);
        } catch (Exception e) {
            throw new IllegalStateException("XAUTOCLAIM failed: " + e.getMessage(), e);
        }
    }

    /**
     * Handles entries in order and acknowledges the handled ones with one XACK, also when
     * a failure stops the round: those are not handled twice, the rest stay pending.
     */
    private void handleAll(String stream, Map<String, Map<String, String>> entries) {
        List<String> handled = new ArrayList<>(entries.size());
        try {
            for (Map.Entry<String, Map<String, String>> entry : entries.entrySet()) {
                if (!running) {
                    break;
                }
                handle(stream, entry.getKey(), entry.getValue());
                handled.add(entry.getKey());
            }
        } finally {
            acknowledge(stream, handled);
        }
    }

    private void handle(String stream, String entryId, Map<String, String> fields) {
        UUID userId = userOf(fields);
        boolean hasModel = false; // asked once per entry: here, or in score() after retraining counted
        if (userId != null && !retraining.enabled()) {
            if (!registry.mayHaveModel(userId)) {
                // Still enrolling and nothing counts their events: no reason to decode them.
                skipped.increment();
                return;
            }
            hasModel = true;
        }
        IngestedBatch batch;
        try {
            batch = IngestedBatch.fromFields(fields, codec);
        } catch (ContractViolation | IllegalArgumentException e) {
            poison.increment();
            log.warn("Acknowledging unreadable entry {} of {}: {}", entryId, stream, e.getMessage());
            return;
        }
        try {
            score(batch, hasModel);
        } catch (DataAccessException e) {
            // PostgreSQL or Redis is unavailable: leave the entry pending so it is claimed again later.
            throw e;
        } catch (RuntimeException e) {
            failed.increment();
            log.warn("Could not score entry {} of session {}, acknowledging it: {}", entryId, batch.sessionId(),
                    e.toString());
        }
    }

    private static @Nullable UUID userOf(Map<String, String> fields) {
        String userId = fields.get(IngestedBatch.USER_ID);
        try {
            return userId == null ? null : UUID.fromString(userId);
        } catch (IllegalArgumentException e) {
            return null; // decoded in full below, and counted as poison
        }
    }

    /** @param hasModel whether {@link ModelRegistry#mayHaveModel} already answered yes for this entry */
    private void score(IngestedBatch batch, boolean hasModel) {
        if (Boolean.TRUE.equals(redis.hasKey(UserDeletion.tombstoneKey(batch.userId())))) {
            // The account was just erased: neither score its late events nor rebuild its windows.
            return;
        }
        retraining.eventsArrived(batch.userId(), batch.events().size());
        if (!hasModel && !registry.mayHaveModel(batch.userId())) {
            // Still enrolling: no window to keep, nothing to score.
            return;
        }
        List<BehavioralEvent> window = windows.append(batch.userId(), batch.sessionId(), batch.events());
        if (window.isEmpty()) {
            return;
        }
        Optional<SessionScorer.Part> decisive = scorer.assess(batch.userId(), window,
                evidence.of(batch.userId(), batch.sessionId())).decisive();
        if (decisive.isEmpty()) {
            return;
        }
        SessionScorer.Part part = decisive.get();
        Instant at = clock.instant();
        sessionRisks.record(batch.sessionId(), batch.userId(), part, at);
        redis.convertAndSend(BusNames.RISK_CHANNEL, json.writeValueAsString(new RiskUpdate(batch.userId(),
                batch.sessionId(), part.risk(), part.level().name(), part.evidenceRisk(), part.evidenceLevel().name(),
                at)));
        published.increment();
    }

    private void acknowledge(String stream, List<String> entryIds) {
        if (!entryIds.isEmpty()) {
            redis.opsForStream().acknowledge(stream, GROUP, entryIds.toArray(String[]::new));
        }
    }

    private static Map<String, String> strings(Map<byte[], byte[]> value) {
        Map<String, String> fields = new LinkedHashMap<>();
        value.forEach((k, v) -> fields.put(text(k), text(v)));
        return fields;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            all.append(cause.getMessage()).append('\n');
        }
        return all.toString();
    }

    private void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static String defaultConsumerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "risk-engine";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
