package io.behavioralbiometrics.eventlogger.storage;

import io.behavioralbiometrics.core.bus.IngestedBatch;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inserts the events of stream entries. Hibernate sends them as JDBC batches (see
 * {@code hibernate.jdbc.batch_size}), the driver rewrites each batch into multi-row
 * inserts, and an event already stored is skipped by the database.
 */
@Component
public class EventWriter {

    /** Flush and detach every so many entities: a multiple of the JDBC batch size keeps memory flat. */
    private static final int FLUSH_EVERY = 1000;

    private final EntityManager entityManager;
    private final TransactionTemplate transactions;

    EventWriter(EntityManager entityManager, TransactionTemplate transactions) {
        this.entityManager = entityManager;
        this.transactions = transactions;
    }

    /**
     * Stores every event of {@code batches} in one transaction: all of them or, on an
     * exception, none.
     *
     * @return the number of events written (already stored ones included)
     */
    public int write(List<IngestedBatch> batches) {
        Integer written = transactions.execute(status -> {
            int count = 0;
            for (IngestedBatch batch : batches) {
                for (int i = 0; i < batch.events().size(); i++) {
                    entityManager.persist(new StoredEvent(batch, i));
                    if (++count % FLUSH_EVERY == 0) {
                        entityManager.flush();
                        entityManager.clear();
                    }
                }
            }
            return count;
        });
        return written == null ? 0 : written;
    }
}
