package io.behavioralbiometrics.risk.live;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.EventStreams;
import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.bus.RiskUpdate;
import io.behavioralbiometrics.core.bus.UserDeletion;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.ContractViolation;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.core.stream.ConsumerLiveness;
import io.behavioralbiometrics.core.stream.RedisStreamConnections;
import io.behavioralbiometrics.core.stream.StreamConsumer;
import io.behavioralbiometrics.core.stream.StreamEntry;
import io.behavioralbiometrics.core.stream.StreamHandler;
import io.behavioralbiometrics.risk.RiskProperties;
import io.behavioralbiometrics.risk.registry.ModelRegistry;
import io.behavioralbiometrics.risk.scoring.SessionScorer;
import io.behavioralbiometrics.risk.session.SessionRisks;
import io.behavioralbiometrics.risk.training.AutomaticRetraining;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scores live sessions: the {@value BusNames#RISK_ENGINE_GROUP} group on
 * {@value BusNames#EVENTS_STREAM}, read by {@code live.threads} {@link StreamConsumer}s per
 * replica and shard of the stream ({@code bb.streams.shards}; one of each by default), each a
 * member of the group under its own name. Each batch is added to its session's window in
 * Redis; when enough new events arrived, the session is
 * scored with the user's latest model (its session evidence carried on in
 * {@link SessionEvidence}), the risk is stored and published on
 * {@value BusNames#RISK_CHANNEL}. Entries of users without a model are skipped undecoded
 * unless automatic retraining counts their events. Each entry is acknowledged once handled;
 * entries that cannot be read are acknowledged and counted as poison; entries left pending
 * by a failure (Redis or PostgreSQL away) are handled again after a 1 s pause, those of a
 * dead replica claimed after {@code claim-min-idle}.
 * Each batch also counts towards the user's automatic retraining, when that is enabled.
 */
@Component
@ConditionalOnProperty(prefix = "bb.risk.live", name = "enabled", havingValue = "true", matchIfMissing = true)
class LiveRiskConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveRiskConsumer.class);
    private static final String GROUP = BusNames.RISK_ENGINE_GROUP;
    /** The pause after a failure (Redis or PostgreSQL away); stall-timeout is checked against it. */
    private static final StreamConsumer.Backoff RETRY = new StreamConsumer.Backoff(Duration.ofSeconds(1),
            Duration.ofSeconds(1));

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
    private final StreamConsumer.Observer observer;
    private final Counter failed;
    private final Counter skipped;
    private final Counter published;
    private final Clock clock = Clock.systemUTC();
    private final RedisStreamConnections connections;
    private volatile boolean running;
    /** The started consumers, in {@link #members} order; read by health checks while it changes. */
    private volatile List<StreamConsumer> consumers = List.of();

    LiveRiskConsumer(RedisStreamConnections connections, StringRedisTemplate redis, EventCodec codec,
            SessionWindows windows, SessionEvidence evidence, SessionScorer scorer, ModelRegistry registry,
            SessionRisks sessionRisks, AutomaticRetraining retraining, JsonMapper json, RiskProperties properties,
            EventStreams streams, MeterRegistry meters) {
        this.connections = connections;
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
        Counter poison = meters.counter("bb.risk.live.entries", "outcome", "poison");
        this.observer = new StreamConsumer.Observer() {
            @Override
            public void rejected() {
                poison.increment();
            }
        };
        this.failed = meters.counter("bb.risk.live.entries", "outcome", "failed");
        this.skipped = meters.counter("bb.risk.live.entries", "outcome", "skipped");
        this.published = meters.counter("bb.risk.live.updates");
    }

    @Override
    public synchronized void start() {
        running = true;
        // A group created here starts at the stream's end: live scoring is about sessions now.
        consumers = members.stream().map(member -> StreamConsumer.member(connections,
                new StreamConsumer.Group(member.stream(), GROUP, member.name(), "$", settings.batchSize(),
                        settings.block(), settings.claimMinIdle(), settings.claimEvery(), RETRY, null),
                this::handleAll, observer)).toList();
        consumers.forEach(StreamConsumer::start);
        log.info("Live risk consumers {} started in group {}", members, GROUP);
    }

    @Override
    public synchronized void stop() {
        running = false;
        List<StreamConsumer> stopping = consumers;
        consumers = List.of();
        // Ask all first, so their chunks finish in parallel.
        stopping.forEach(StreamConsumer::requestStop);
        stopping.forEach(StreamConsumer::stop);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The state of this replica's consumer threads (none before start and once stopping). */
    List<ConsumerLiveness.State> states() {
        return consumers.stream().map(StreamConsumer::state).toList();
    }

    /** A member of the group on one shard of the stream. */
    record Member(String name, String stream) {
    }

    /** Handles entries in order, each one done as it finishes, so a failure does not handle them twice. */
    private void handleAll(List<StreamEntry> entries, StreamHandler.Outcomes outcomes) {
        for (StreamEntry entry : entries) {
            handle(entry, outcomes);
            outcomes.done(entry);
        }
    }

    private void handle(StreamEntry entry, StreamHandler.Outcomes outcomes) {
        UUID userId = userOf(entry.fields());
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
            batch = IngestedBatch.fromFields(entry.fields(), codec);
        } catch (ContractViolation | IllegalArgumentException e) {
            outcomes.reject(entry, String.valueOf(e.getMessage()));
            return;
        }
        try {
            score(batch, hasModel);
        } catch (DataAccessException e) {
            // PostgreSQL or Redis is unavailable: leave the entry pending so it is claimed again later.
            throw e;
        } catch (RuntimeException e) {
            failed.increment();
            log.warn("Could not score entry {} of session {}, acknowledging it: {}", entry.id(), batch.sessionId(),
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
