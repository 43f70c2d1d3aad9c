package io.behavioralbiometrics.ingestor.ingest.connection;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Lets one warning through per interval while a dependency refuses writes, and counts
 * the refusals it held back. During an outage every connection fails every batch; a
 * warning per batch would flood the logs exactly when someone reads them. The metric
 * of rejected frames still counts each one.
 */
final class OutageWarning {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong nextWarning;
    private final LongAdder refused = new LongAdder();

    OutageWarning(Duration interval, LongSupplier nanoTime) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.nextWarning = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Records one refusal.
     *
     * @return the refusals since the last warning, this one included, when a warning is due
     *         now; 0 when it is not
     */
    long refused() {
        refused.increment();
        long now = nanoTime.getAsLong();
        long next = nextWarning.get();
        if (now - next >= 0 && nextWarning.compareAndSet(next, now + intervalNanos)) {
            return refused.sumThenReset();
        }
        return 0;
    }
}
