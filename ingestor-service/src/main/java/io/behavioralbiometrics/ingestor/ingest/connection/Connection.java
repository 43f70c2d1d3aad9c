package io.behavioralbiometrics.ingestor.ingest.connection;

import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One open ingest socket: the authenticated user, its limits, and a session wrapper
 * that serialises sends (acks from writer threads, risk frames, pings) as a raw
 * WebSocket session does not allow concurrent sends.
 */
public final class Connection {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final WebSocketSession session;
    private final UUID userId;
    private final Instant tokenExpiresAt;
    private final TokenBucket bucket;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LegacyCoalescer legacy;
    private volatile long lastSeenNanos;
    private volatile @Nullable ScheduledFuture<?> expiry;

    Connection(WebSocketSession session, UUID userId, Instant tokenExpiresAt, TokenBucket bucket, int maxInFlight,
            LegacyCoalescer legacy, long nowNanos) {
        this.session = session;
        this.legacy = legacy;
        this.userId = userId;
        this.tokenExpiresAt = tokenExpiresAt;
        this.bucket = bucket;
        this.maxInFlight = maxInFlight;
        this.lastSeenNanos = nowNanos;
    }

    String id() {
        return session.getId();
    }

    public UUID userId() {
        return userId;
    }

    Instant tokenExpiresAt() {
        return tokenExpiresAt;
    }

    TokenBucket bucket() {
        return bucket;
    }

    /** Batches the original's single-event frames, which carry no session and no seq. */
    LegacyCoalescer legacy() {
        return legacy;
    }

    void seen(long nowNanos) {
        lastSeenNanos = nowNanos;
    }

    long lastSeenNanos() {
        return lastSeenNanos;
    }

    /** Claims a write slot; false when {@code maxInFlight} batches are already being written. */
    boolean tryStartWrite() {
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    void endWrite() {
        inFlight.decrementAndGet();
    }

    void expiry(ScheduledFuture<?> task) {
        this.expiry = task;
    }

    void cancelExpiry() {
        ScheduledFuture<?> task = expiry;
        if (task != null) {
            task.cancel(false);
        }
    }

    boolean isOpen() {
        return session.isOpen();
    }

    /** Sends a text frame; a socket that closed meanwhile is not an error worth more than a debug line. */
    void send(String text) {
        try {
            session.sendMessage(new TextMessage(text));
        } catch (IOException | IllegalStateException e) {
            log.debug("Could not send to socket {}: {}", id(), e.getMessage());
        }
    }

    void ping() {
        try {
            session.sendMessage(new PingMessage());
        } catch (IOException | IllegalStateException e) {
            log.debug("Could not ping socket {}: {}", id(), e.getMessage());
        }
    }

    public void close(CloseStatus status) {
        try {
            session.close(status);
        } catch (IOException | IllegalStateException e) {
            log.debug("Could not close socket {}: {}", id(), e.getMessage());
        }
    }
}
