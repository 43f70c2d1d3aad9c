package io.behavioralbiometrics.eventlogger.stream;

import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.ContractViolation;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.core.stream.StreamEntry;
import io.behavioralbiometrics.core.stream.StreamHandler;
import io.behavioralbiometrics.eventlogger.storage.EventWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a chunk of {@code bb:events} entries in one transaction; the consumer acknowledges
 * them only after it committed, so an entry is either stored or still pending
 * (at-least-once; the unique key makes re-delivery harmless). Unreadable entries and rows
 * the database refuses are rejected (dead-lettered), so they never block the rest; a
 * database that is away fails the chunk, which stays pending.
 */
final class EventBatchHandler implements StreamHandler {

    private static final Logger log = LoggerFactory.getLogger(EventBatchHandler.class);

    private final EventWriter writer;
    private final EventCodec codec;
    private final StreamMetrics metrics;
    /** Test hook between the commit and the acknowledgement; throwing an {@link Error} kills the loop there. */
    private final Runnable afterCommit;

    EventBatchHandler(EventWriter writer, EventCodec codec, StreamMetrics metrics, Runnable afterCommit) {
        this.writer = writer;
        this.codec = codec;
        this.metrics = metrics;
        this.afterCommit = afterCommit;
    }

    @Override
    public void handle(List<StreamEntry> entries, Outcomes outcomes) {
        List<IngestedBatch> batches = new ArrayList<>(entries.size());
        List<StreamEntry> batchEntries = new ArrayList<>(entries.size());
        for (StreamEntry entry : entries) {
            if (entry.deleted()) {
                outcomes.reject(entry, "entry has no fields (deleted from the stream)");
                continue;
            }
            try {
                batches.add(IngestedBatch.fromFields(entry.fields(), codec));
                batchEntries.add(entry);
            } catch (ContractViolation e) {
                outcomes.reject(entry, e.code() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                // Parsing is pure: whatever fails here fails the same way on every retry.
                outcomes.reject(entry, "unreadable entry: " + e);
            }
        }
        if (!batches.isEmpty()) {
            store(batches, batchEntries, outcomes);
        }
        afterCommit.run();
    }

    private void store(List<IngestedBatch> batches, List<StreamEntry> entries, Outcomes outcomes) {
        int written;
        try {
            written = metrics.writes().recordCallable(() -> writer.write(batches));
        } catch (RuntimeException e) {
            if (!rejectedByDatabase(e)) {
                throw e;
            }
            // A constraint the contract did not catch: find the entry, keep the others.
            log.warn("Database rejected a chunk of {} entries, storing them one by one: {}", batches.size(),
                    sqlSummary(e));
            written = 0;
            for (int i = 0; i < batches.size(); i++) {
                try {
                    written += writer.write(List.of(batches.get(i)));
                } catch (RuntimeException single) {
                    if (!rejectedByDatabase(single)) {
                        throw single;
                    }
                    outcomes.reject(entries.get(i), "rejected by the database: " + sqlSummary(single));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        metrics.persisted(written);
        for (IngestedBatch batch : batches) {
            metrics.batch(batch.events().size());
        }
    }

    /** Integrity (23xxx) and data (22xxx) errors are about the rows, not the database being away. */
    static boolean rejectedByDatabase(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    String state = next.getSQLState();
                    if (state != null && (state.startsWith("23") || state.startsWith("22"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** SQL state and the first line of the server's message; the detail line would echo row values. */
    static String sqlSummary(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                SQLException last = sql;
                while (last.getNextException() != null) {
                    last = last.getNextException();
                }
                String message = String.valueOf(last.getMessage());
                return "SQLState " + last.getSQLState() + ": " + message.lines().findFirst().orElse("");
            }
        }
        return failure.getClass().getSimpleName();
    }
}
