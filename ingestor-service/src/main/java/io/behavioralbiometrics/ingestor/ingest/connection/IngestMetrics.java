package io.behavioralbiometrics.ingestor.ingest.connection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Micrometer meters of the ingest path. */
@Component
class IngestMetrics {

    private final MeterRegistry registry;
    private final Counter batchesAccepted;
    private final Counter eventsAccepted;
    private final Timer ackLatency;

    IngestMetrics(MeterRegistry registry, ConnectionRegistry connections) {
        this.registry = registry;
        this.batchesAccepted = Counter.builder("bb.ingest.batches").tag("outcome", "accepted").tag("code", "none")
                .description("Batches received, by outcome and error code").register(registry);
        this.eventsAccepted = Counter.builder("bb.ingest.events.accepted")
                .description("Events written to the event stream").register(registry);
        this.ackLatency = Timer.builder("bb.ingest.ack.latency")
                .description("From a batch frame's arrival to its ack").publishPercentileHistogram()
                .register(registry);
        Gauge.builder("bb.ingest.sockets.open", connections, ConnectionRegistry::size)
                .description("Open ingest sockets on this instance").register(registry);
    }

    void accepted(int events, Duration sinceArrival) {
        batchesAccepted.increment();
        eventsAccepted.increment(events);
        ackLatency.record(sinceArrival);
    }

    void rejected(String code) {
        Counter.builder("bb.ingest.batches").tag("outcome", "rejected").tag("code", code)
                .description("Batches received, by outcome and error code").register(registry).increment();
    }
}
