package io.behavioralbiometrics.ingestor.ingest.publish;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When the ingestor stops accepting batches so Redis never fills up (see {@link BacklogGuard}).
 *
 * @param maxStreamEntries entries of the event stream (consumed entries are trimmed by the
 *                         event logger, so this is the backlog) beyond which batches are refused
 * @param memoryHeadroom   share of Redis {@code maxmemory} kept free for everything but ingest
 *                         (erasure, consumer-group state, live windows): batches are refused once
 *                         {@code used_memory} reaches {@code (1 - memoryHeadroom) × maxmemory};
 *                         no effect when Redis has no {@code maxmemory}
 * @param checkInterval    how often the stream length and memory are read
 */
@Validated
@ConfigurationProperties("bb.ingest.backlog")
public record BacklogProperties(
        @Min(1) @DefaultValue("1000000") long maxStreamEntries,
        @DecimalMin("0.01") @DecimalMax("0.9") @DefaultValue("0.1") double memoryHeadroom,
        @NotNull @DefaultValue("1s") Duration checkInterval) {
}
