package io.behavioralbiometrics.ingestor.ingest.publish;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When a batch counts as durable, so the client may forget it.
 *
 * @param replicas     0: once the Redis master has it; n &gt; 0: only once {@code WAIT n} confirmed
 *                     that n replicas have it too, so a master failover loses no acknowledged
 *                     batch (set it where the master has replicas: a Redis Cluster, a
 *                     replicated Redis). A batch not confirmed in time is answered
 *                     {@code unavailable} and the client re-sends it; the copy already in the
 *                     stream is stored once, by the event key
 * @param replicaWait  how long a write waits for the replicas
 */
@Validated
@ConfigurationProperties("bb.ingest.durability")
public record DurabilityProperties(
        @Min(0) @DefaultValue("0") int replicas,
        @NotNull @DefaultValue("2s") Duration replicaWait) {
}
