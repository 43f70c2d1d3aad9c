package io.behavioralbiometrics.eventlogger;

import io.behavioralbiometrics.core.bus.BusNames;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the event logger ({@code bb.event-logger.*}).
 *
 * @param consumer  how the {@value BusNames#EVENTS_STREAM} stream is consumed (each of its
 *                  {@code bb.streams.shards} shards alike)
 * @param trim      how consumed entries are removed from the stream
 * @param retention how long stored events are kept
 */
@ConfigurationProperties("bb.event-logger")
@Validated
public record EventLoggerProperties(
        @DefaultValue @Valid Consumer consumer,
        @DefaultValue @Valid Trim trim,
        @DefaultValue @Valid Retention retention) {

    /**
     * @param enabled             start the consumer loop with the application
     * @param stream              stream to read
     * @param deadLetterStream    where unreadable entries go, with the reason
     * @param deadLetterMaxLength approximate cap of the dead-letter stream
     * @param group               consumer group shared by all replicas
     * @param name                consumer name; unique per instance when unset (host, pid, random).
     *                            Set a stable name (e.g. the pod name) to re-read its own
     *                            pending entries right after a restart instead of after
     *                            {@code claimMinIdle}
     * @param batchCount          entries read per XREADGROUP (COUNT)
     * @param blockTimeout        how long one read waits for new entries (BLOCK)
     * @param claimMinIdle        pending entries idle longer than this are claimed from
     *                            other (presumably dead) consumers
     * @param claimInterval       how often to look for such entries
     * @param lagInterval         how often the pending-count and stream-length gauges are refreshed
     * @param backoff             delays between retries while PostgreSQL or Redis fail
     * @param threads             group members run by this instance, each with its own
     *                            Redis connection and transaction: while one decodes a
     *                            chunk another waits for PostgreSQL, so one instance uses
     *                            more than one core and the database at once
     * @param stallTimeout        liveness reports DOWN when a consumer has not finished a
     *                            read, a chunk or a retry pause for this long (or died); must
     *                            exceed {@code backoff.max} plus {@code blockTimeout}, and should
     *                            leave room for a chunk's write besides
     */
    public record Consumer(
            @DefaultValue("true") boolean enabled,
            @DefaultValue(BusNames.EVENTS_STREAM) @NotBlank String stream,
            @DefaultValue(BusNames.EVENTS_DEAD_LETTER_STREAM) @NotBlank String deadLetterStream,
            @DefaultValue("100000") @Min(1) long deadLetterMaxLength,
            @DefaultValue(BusNames.EVENT_LOGGER_GROUP) @NotBlank String group,
            @Nullable String name,
            @DefaultValue("100") @Min(1) @Max(10_000) int batchCount,
            @DefaultValue("2s") Duration blockTimeout,
            @DefaultValue("60s") Duration claimMinIdle,
            @DefaultValue("30s") Duration claimInterval,
            @DefaultValue("15s") Duration lagInterval,
            @DefaultValue @Valid Backoff backoff,
            @DefaultValue("2") @Min(1) @Max(32) int threads,
            @DefaultValue("5m") Duration stallTimeout) {

        /** Shorter, and every outage of PostgreSQL or Redis would restart the replicas. */
        @AssertTrue(message = "stall-timeout must be longer than backoff.max plus block-timeout")
        boolean isStallTimeoutLongerThanARetry() {
            return stallTimeout == null || blockTimeout == null || backoff == null || backoff.max() == null
                    || stallTimeout.compareTo(backoff.max().plus(blockTimeout)) > 0;
        }

        /** These settings on another stream key: one shard of {@code stream}. */
        public Consumer onStream(String key) {
            return new Consumer(enabled, key, deadLetterStream, deadLetterMaxLength, group, name, batchCount,
                    blockTimeout, claimMinIdle, claimInterval, lagInterval, backoff, threads, stallTimeout);
        }
    }

    /**
     * Exponential backoff, doubled after every failed attempt up to {@code max}.
     *
     * @param initial first delay
     * @param max     largest delay
     */
    public record Backoff(@DefaultValue("200ms") Duration initial, @DefaultValue("30s") Duration max) {
    }

    /**
     * @param enabled        trim the stream periodically
     * @param interval       how often (one replica per interval, by a Redis lock)
     * @param requiredGroups groups that must exist before anything is trimmed, so entries
     *                       are kept for a consumer that has not started yet
     */
    public record Trim(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("60s") Duration interval,
            @DefaultValue(BusNames.EVENT_LOGGER_GROUP) @NotEmpty List<String> requiredGroups) {
    }

    /**
     * @param enabled   delete old events periodically
     * @param maxAge    events received longer ago than this are deleted
     * @param interval  how often the job runs (one replica at a time, by an advisory lock)
     * @param chunkSize rows deleted per statement, so no statement holds locks for long
     */
    public record Retention(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("180d") Duration maxAge,
            @DefaultValue("1h") Duration interval,
            @DefaultValue("10000") @Min(1) int chunkSize) {
    }
}
