package io.behavioralbiometrics.ingestor.ingest.connection;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the ingest WebSocket. Every limit is answered explicitly (an error frame or a
 * close code), never by silently dropping data.
 *
 * @param allowedOrigins         browser origins allowed to open a socket besides the same origin
 * @param maxFrameSize           largest text frame; bigger frames close the socket with 1009
 * @param maxEventsPerBatch      events one batch may carry (error {@code too_many_events})
 * @param eventsPerSecond        sustained events per second per connection (error {@code rate_limited})
 * @param eventBurst             token-bucket capacity: events a connection may send at once
 * @param maxInFlight            batches of one connection being written at once (error {@code too_many_in_flight})
 * @param maxConnectionsPerUser  open sockets per user; more are refused with 429
 * @param pingInterval           how often the server pings each socket
 * @param idleTimeout            a socket with no frame and no pong for this long is closed (1001)
 * @param sendTimeLimit          longest a send to one slow client may take before the socket is closed
 * @param sendBufferLimit        outbound bytes buffered for one slow client before the socket is closed
 * @param maxClientTimeAhead     how far past the server's receive time an event's client time {@code t}
 *                               may lie (error {@code client_time_skew}); training ranks events by
 *                               receive time, this keeps far-future stamps out of the data at all
 * @param maxClientTimeBehind    how far before the receive time it may lie: a re-sent batch is
 *                               older than its first send by the client's time offline (same error)
 */
@Validated
@ConfigurationProperties("bb.ingest")
public record IngestProperties(
        @NotNull @DefaultValue("http://localhost:8080") List<String> allowedOrigins,
        @NotNull @DefaultValue("64KB") DataSize maxFrameSize,
        @Min(1) @DefaultValue("500") int maxEventsPerBatch,
        @Min(1) @DefaultValue("1000") int eventsPerSecond,
        @Min(1) @DefaultValue("2000") int eventBurst,
        @Min(1) @DefaultValue("16") int maxInFlight,
        @Min(1) @DefaultValue("10") int maxConnectionsPerUser,
        @NotNull @DefaultValue("20s") Duration pingInterval,
        @NotNull @DefaultValue("60s") Duration idleTimeout,
        @NotNull @DefaultValue("10s") Duration sendTimeLimit,
        @NotNull @DefaultValue("512KB") DataSize sendBufferLimit,
        @NotNull @DefaultValue("24h") Duration maxClientTimeAhead,
        @NotNull @DefaultValue("30d") Duration maxClientTimeBehind) {

    /**
     * Single-event frames (the original client's) that may wait for a slow write on one
     * connection: at least a whole burst the rate limit admits, so such a burst is never
     * refused for load, and as many events as the batch path may have in flight.
     */
    public int maxPendingSingleEvents() {
        return Math.max(eventBurst, maxEventsPerBatch * maxInFlight);
    }

    @AssertTrue(message = "event-burst must be at least max-events-per-batch, or a full batch could never pass")
    boolean isBurstLargeEnough() {
        return eventBurst >= maxEventsPerBatch;
    }

    @AssertTrue(message = "idle-timeout must be longer than ping-interval")
    boolean isIdleTimeoutAfterPing() {
        return pingInterval == null || idleTimeout == null || idleTimeout.compareTo(pingInterval) > 0;
    }

    @AssertTrue(message = "max-client-time-ahead and max-client-time-behind must be positive")
    boolean isClientTimeWindowPositive() {
        return maxClientTimeAhead == null || maxClientTimeBehind == null
                || (maxClientTimeAhead.isPositive() && maxClientTimeBehind.isPositive());
    }

    @AssertTrue(message = "max-frame-size must be between 1KB and 16MB")
    boolean isFrameSizeBounded() {
        return maxFrameSize == null
                || (maxFrameSize.toBytes() >= 1024 && maxFrameSize.toBytes() <= 16L * 1024 * 1024);
    }
}
