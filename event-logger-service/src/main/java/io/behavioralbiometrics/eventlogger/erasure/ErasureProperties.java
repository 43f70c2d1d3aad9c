package io.behavioralbiometrics.eventlogger.erasure;

import io.behavioralbiometrics.core.bus.BusNames;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Erasure of deleted users' events ({@code bb.event-logger.erasure.*}).
 *
 * @param enabled      consume {@value BusNames#USER_DELETED_STREAM}
 * @param pollInterval pause between reads of the erasure stream when it is idle
 * @param claimMinIdle erasures pending on another (presumably dead) replica longer than this are taken over
 * @param tombstoneTtl how long an erased user's id is kept in {@code events.erased_users}, where it
 *                     makes the database drop events of that user still in flight; longer than
 *                     any entry can stay pending in {@value BusNames#EVENTS_STREAM}
 * @param scanChunk    stream entries read per XRANGE while looking for the user's entries
 */
@ConfigurationProperties("bb.event-logger.erasure")
@Validated
public record ErasureProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("1s") Duration pollInterval,
        @NotNull @DefaultValue("60s") Duration claimMinIdle,
        @NotNull @DefaultValue("1d") Duration tombstoneTtl,
        @Min(1) @DefaultValue("1000") int scanChunk) {
}
