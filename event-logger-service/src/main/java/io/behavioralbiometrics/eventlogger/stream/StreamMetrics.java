package io.behavioralbiometrics.eventlogger.stream;

import io.behavioralbiometrics.core.stream.StreamConsumer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicLong;

/** Meters of one stream and group; consumers of the same stream share them. */
final class StreamMetrics implements StreamConsumer.Observer {

    private final Counter persisted;
    private final Counter deadLetters;
    private final Counter claimed;
    private final Counter writeFailures;
    private final DistributionSummary batchSize;
    private final Timer writes;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong streamLength = new AtomicLong();

    StreamMetrics(MeterRegistry registry, String stream, String group) {
        persisted = Counter.builder("bb.events.persisted").baseUnit("events")
                .description("Events written to PostgreSQL in committed transactions (re-deliveries included)")
                .tag("stream", stream).register(registry);
        deadLetters = Counter.builder("bb.events.dead.letters").baseUnit("entries")
                .description("Unreadable stream entries moved to the dead-letter stream")
                .tag("stream", stream).register(registry);
        claimed = Counter.builder("bb.events.claimed").baseUnit("entries")
                .description("Pending entries claimed from idle consumers")
                .tag("stream", stream).register(registry);
        writeFailures = Counter.builder("bb.events.write.failures")
                .description("Chunks that could not be stored or acknowledged and will be retried")
                .tag("stream", stream).register(registry);
        batchSize = DistributionSummary.builder("bb.events.batch.size").baseUnit("events")
                .description("Events per stream entry (one client batch)")
                .tag("stream", stream).register(registry);
        writes = Timer.builder("bb.events.write")
                .description("Time to store one chunk of entries in one transaction")
                .tag("stream", stream).register(registry);
        Gauge.builder("bb.events.pending", pending, AtomicLong::get).baseUnit("entries")
                .description("Entries delivered to the group but not yet acknowledged (XPENDING)")
                .tag("stream", stream).tag("group", group).register(registry);
        Gauge.builder("bb.events.stream.length", streamLength, AtomicLong::get).baseUnit("entries")
                .description("Entries in the stream (XLEN); with trimming on, roughly the slowest group's backlog")
                .tag("stream", stream).register(registry);
    }

    void persisted(int events) {
        persisted.increment(events);
    }

    @Override
    public void rejected() {
        deadLetters.increment();
    }

    @Override
    public void claimed(int entries) {
        claimed.increment(entries);
    }

    @Override
    public void failed() {
        writeFailures.increment();
    }

    void batch(int events) {
        batchSize.record(events);
    }

    Timer writes() {
        return writes;
    }

    void lag(long pendingEntries, long length) {
        pending.set(pendingEntries);
        streamLength.set(length);
    }
}
