package io.behavioralbiometrics.ingestor.ingest.connection;

import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.ClientFrame;
import io.behavioralbiometrics.core.event.ContractViolation;
import io.behavioralbiometrics.core.event.EventBatch;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.core.event.ServerFrame;
import io.behavioralbiometrics.ingestor.ingest.publish.BacklogGuard;
import io.behavioralbiometrics.ingestor.ingest.publish.EventStreamWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * Reads client frames, answers every one (ack, error frame or close code), and writes
 * accepted batches to the event stream on virtual threads, so a slow Redis write does
 * not hold up the socket's reading and a connection may have a few batches in flight.
 *
 * <p>Close codes: 1003 binary frame, 1008 policy (too many sockets), 1009 frame too
 * big, 1001 idle (no pong), 4001 the access token expired (re-authenticate and reconnect),
 * 4403 the account was erased (do not reconnect).
 */
public final class IngestWebSocketHandler extends TextWebSocketHandler {

    /** The access token expired: the client gets a fresh token and reconnects. */
    static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4001, "token expired");
    /** The user's account was erased while the socket was open: the client must not reconnect. */
    public static final CloseStatus USER_ERASED = new CloseStatus(4403, "user erased");
    static final CloseStatus IDLE = CloseStatus.GOING_AWAY.withReason("idle timeout");
    static final CloseStatus TOO_MANY_CONNECTIONS = CloseStatus.POLICY_VIOLATION.withReason("too many connections");

    static final String RATE_LIMITED = "rate_limited";
    static final String TOO_MANY_IN_FLIGHT = "too_many_in_flight";
    static final String UNAVAILABLE = "unavailable";
    static final String INTERNAL_ERROR = "internal_error";
    static final String CLIENT_TIME_SKEW = "client_time_skew";

    private static final Logger log = LoggerFactory.getLogger(IngestWebSocketHandler.class);
    private static final Duration OUTAGE_WARNING_INTERVAL = Duration.ofSeconds(10);

    private final EventCodec codec;
    private final EventStreamWriter writer;
    private final ConnectionRegistry registry;
    private final IngestMetrics metrics;
    private final IngestProperties properties;
    private final BacklogGuard backlog;
    private final ExecutorService writers;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final OutageWarning redisOutage = new OutageWarning(OUTAGE_WARNING_INTERVAL, System::nanoTime);

    IngestWebSocketHandler(EventCodec codec, EventStreamWriter writer, ConnectionRegistry registry,
            IngestMetrics metrics, IngestProperties properties, BacklogGuard backlog, ExecutorService writers,
            ScheduledExecutorService timer, Clock clock) {
        this.backlog = backlog;
        this.codec = codec;
        this.writer = writer;
        this.registry = registry;
        this.metrics = metrics;
        this.properties = properties;
        this.writers = writers;
        this.timer = timer;
        this.clock = clock;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        UUID userId = (UUID) session.getAttributes().get(TokenHandshakeInterceptor.USER_ID);
        Instant expiresAt = (Instant) session.getAttributes().get(TokenHandshakeInterceptor.TOKEN_EXPIRES_AT);
        WebSocketSession concurrent = new ConcurrentWebSocketSessionDecorator(session,
                (int) properties.sendTimeLimit().toMillis(), (int) properties.sendBufferLimit().toBytes());
        long now = System.nanoTime();
        Connection connection = new Connection(concurrent, userId, expiresAt,
                new TokenBucket(properties.eventBurst(), properties.eventsPerSecond(), now),
                properties.maxInFlight(), new LegacyCoalescer(userId, properties.maxEventsPerBatch(),
                        properties.maxPendingSingleEvents()), now);
        if (!registry.add(connection, properties.maxConnectionsPerUser())) {
            // Handshakes racing past the 429 check end here.
            connection.close(TOO_MANY_CONNECTIONS);
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), expiresAt).toMillis());
        connection.expiry(timer.schedule(() -> writers.execute(() -> connection.close(TOKEN_EXPIRED)),
                delay, TimeUnit.MILLISECONDS));
        log.debug("Ingest socket {} opened for user {}", connection.id(), userId);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        long arrived = System.nanoTime();
        Connection connection = registry.get(session.getId());
        if (connection == null) {
            return;
        }
        connection.seen(arrived);
        if (message.getPayloadLength() > properties.maxFrameSize().toBytes()) {
            metrics.rejected("frame_too_big");
            connection.close(CloseStatus.TOO_BIG_TO_PROCESS.withReason(
                    "frame larger than " + properties.maxFrameSize().toBytes() + " bytes"));
            return;
        }
        ClientFrame frame;
        try {
            frame = codec.decodeClientFrame(message.getPayload());
        } catch (ContractViolation e) {
            reject(connection, e.seq(), e.code(), e.getMessage());
            return;
        }
        Instant received = clock.instant();
        switch (frame) {
            case ClientFrame.Batch batch -> acceptBatch(connection, batch.batch(), received, arrived);
            case ClientFrame.LegacyEvent legacy -> acceptLegacy(connection, legacy.event(), received, arrived);
        }
    }

    private void acceptBatch(Connection connection, EventBatch batch, Instant received, long arrived) {
        String skewed = skewed(batch.events(), received);
        if (skewed != null) {
            reject(connection, batch.seq(), CLIENT_TIME_SKEW, skewed);
            return;
        }
        if (!connection.tryStartWrite()) {
            reject(connection, batch.seq(), TOO_MANY_IN_FLIGHT, "seq: more than " + properties.maxInFlight()
                    + " batches of this connection are being written; wait for their acks and re-send");
            return;
        }
        int events = batch.events().size();
        if (!connection.bucket().tryAcquire(events, arrived)) {
            connection.endWrite();
            reject(connection, batch.seq(), RATE_LIMITED, "events: more than " + properties.eventsPerSecond()
                    + " events per second on this connection; slow down and re-send");
            return;
        }
        IngestedBatch ingested = new IngestedBatch(connection.userId(), batch.sessionId(), batch.seq(),
                received, batch.events());
        writers.execute(() -> {
            try {
                write(connection, ingested, arrived);
            } finally {
                connection.endWrite();
            }
        });
    }

    /**
     * The original's single-event frames are coalesced (see {@link LegacyCoalescer}), so a
     * burst of them is never refused for in-flight load; the rate limit still bounds abuse.
     * A refusal here carries no seq: the event belongs to no batch yet.
     */
    private void acceptLegacy(Connection connection, BehavioralEvent event, Instant received, long arrived) {
        String skewed = skewed(List.of(event), received);
        if (skewed != null) {
            reject(connection, null, CLIENT_TIME_SKEW, skewed.replace("events[0].t", "timestamp"));
            return;
        }
        if (!connection.bucket().tryAcquire(1, arrived)) {
            reject(connection, null, RATE_LIMITED, "event: more than " + properties.eventsPerSecond()
                    + " events per second on this connection; slow down");
            return;
        }
        switch (connection.legacy().offer(event, received)) {
            case LegacyCoalescer.Offer.WriteNow now -> writers.execute(() -> writeLegacy(connection, now.batch(), arrived));
            case LegacyCoalescer.Offer.Queued queued -> { }
            case LegacyCoalescer.Offer.Full full -> {
                connection.bucket().refund(1);
                reject(connection, null, TOO_MANY_IN_FLIGHT, "event: " + properties.maxPendingSingleEvents()
                        + " events of this connection are waiting to be written; the event store is slow");
            }
        }
    }

    /** Writes coalesced batches one after another until no event waits; runs on a writer thread. */
    private void writeLegacy(Connection connection, IngestedBatch first, long arrived) {
        IngestedBatch batch = first;
        while (batch != null) {
            write(connection, batch, arrived);
            arrived = System.nanoTime();
            batch = connection.legacy().next();
        }
    }

    /**
     * The error message for the first event whose client time lies outside the window
     * around the receive time, or null when all are inside it.
     */
    private @Nullable String skewed(List<BehavioralEvent> events, Instant received) {
        double now = received.toEpochMilli();
        double latest = now + properties.maxClientTimeAhead().toMillis();
        double earliest = now - properties.maxClientTimeBehind().toMillis();
        for (int i = 0; i < events.size(); i++) {
            double t = events.get(i).t();
            if (t > latest || t < earliest) {
                return "events[" + i + "].t: client time " + (long) t + " is more than "
                        + (t > latest ? properties.maxClientTimeAhead() + " ahead of" : properties.maxClientTimeBehind()
                                + " behind") + " the server's receive time " + (long) now
                        + "; check the device clock, do not re-send as is";
            }
        }
        return null;
    }

    private void write(Connection connection, IngestedBatch batch, long arrived) {
        String refusal = backlog.refusal();
        if (refusal != null) {
            connection.bucket().refund(batch.events().size());
            reject(connection, batch.seq(), UNAVAILABLE, refusal);
            return;
        }
        try {
            writer.append(batch);
            metrics.accepted(batch.events().size(), Duration.ofNanos(System.nanoTime() - arrived));
            connection.send(codec.encode(new ServerFrame.Ack(batch.seq())));
        } catch (DataAccessException e) {
            connection.bucket().refund(batch.events().size());
            long refused = redisOutage.refused();
            if (refused > 0) {
                log.warn("Redis unavailable, {} batch(es) refused since the last such warning (latest: batch {} "
                        + "of socket {}): {}", refused, batch.seq(), connection.id(), e.getMessage());
            }
            reject(connection, batch.seq(), UNAVAILABLE,
                    "stream: the event store is unavailable; keep the batch and re-send it later");
        } catch (RuntimeException e) {
            connection.bucket().refund(batch.events().size());
            log.error("Batch {} of socket {} not stored", batch.seq(), connection.id(), e);
            reject(connection, batch.seq(), INTERNAL_ERROR, "batch: not stored because of a server error; re-send it");
        }
    }

    private void reject(Connection connection, @Nullable Long seq, String code, String message) {
        metrics.rejected(code);
        connection.send(codec.encode(new ServerFrame.Error(seq, code, message)));
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        Connection connection = registry.get(session.getId());
        if (connection != null) {
            connection.seen(System.nanoTime());
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("Transport error on ingest socket {}: {}", session.getId(), exception.getMessage());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Connection connection = registry.get(session.getId());
        if (connection != null) {
            connection.cancelExpiry();
            registry.remove(connection);
        }
        log.debug("Ingest socket {} closed: {}", session.getId(), status.getCode());
    }

    /** Pings every open socket and closes the ones that stopped answering. Runs on the timer. */
    void pingAll() {
        long now = System.nanoTime();
        long idleNanos = properties.idleTimeout().toNanos();
        for (Connection connection : registry.all()) {
            if (now - connection.lastSeenNanos() > idleNanos) {
                writers.execute(() -> connection.close(IDLE));
            } else if (connection.isOpen()) {
                // Off the timer thread: a send to a slow client must not delay the others.
                writers.execute(connection::ping);
            }
        }
    }
}
