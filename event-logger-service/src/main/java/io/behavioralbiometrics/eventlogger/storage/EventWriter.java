package io.behavioralbiometrics.eventlogger.storage;

import io.behavioralbiometrics.core.bus.IngestedBatch;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.springframework.stereotype.Component;

/**
 * Inserts the events of stream entries through Hibernate. Hibernate sends them as JDBC
 * batches, the driver rewrites each batch into multi-row inserts, and an event already
 * stored is skipped by the database.
 * <p>
 * The rows are only ever inserted, so they go through a {@link StatelessSession} in a
 * transaction of its own: no persistence context to fill, snapshot and dirty-check at
 * flush, while the mapping and the custom insert of {@link StoredEvent} stay Hibernate's.
 * A write holds no lock of this process while PostgreSQL makes it wait (for another
 * transaction inserting the same events), so concurrent writers cannot deadlock unseen.
 */
@Component
public class EventWriter {

    /** Statements per JDBC batch; a stateless session batches only when told to. */
    static final int JDBC_BATCH_SIZE = 500;

    private final SessionFactory sessionFactory;

    EventWriter(EntityManagerFactory entityManagerFactory) {
        this.sessionFactory = entityManagerFactory.unwrap(SessionFactory.class);
    }

    /**
     * Stores every event of {@code batches} in one transaction: all of them or, on an
     * exception, none.
     *
     * @return the number of events written (already stored ones included)
     */
    public int write(List<IngestedBatch> batches) {
        List<StoredEvent> rows = new ArrayList<>();
        for (IngestedBatch batch : batches) {
            for (int i = 0; i < batch.events().size(); i++) {
                rows.add(new StoredEvent(batch, i));
            }
        }
        sessionFactory.inStatelessTransaction(stateless -> {
            stateless.setJdbcBatchSize(JDBC_BATCH_SIZE);
            stateless.insertMultiple(rows);
        });
        return rows.size();
    }
}
