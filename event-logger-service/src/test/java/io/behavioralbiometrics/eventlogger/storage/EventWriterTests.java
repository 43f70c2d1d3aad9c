package io.behavioralbiometrics.eventlogger.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.eventlogger.EventLoggerIntegrationTest;
import io.behavioralbiometrics.eventlogger.TestBatches;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

@EventLoggerIntegrationTest
class EventWriterTests {

    @Autowired
    EventWriter writer;

    @Autowired
    StoredEventRepository repository;

    @Autowired
    EntityManagerFactory entityManagerFactory;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void writeShouldSendInsertsAsJdbcBatches() {
        UUID user = UUID.randomUUID();
        List<IngestedBatch> batches = new ArrayList<>();
        for (int seq = 0; seq < 40; seq++) {
            batches.add(TestBatches.batch(user, UUID.randomUUID(), seq, 50));
        }
        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        assertThat(statistics.isStatisticsEnabled()).isTrue();
        long insertsBefore = statistics.getEntityInsertCount();
        long statementsBefore = statistics.getPrepareStatementCount();

        long started = System.nanoTime();
        int written = writer.write(batches);
        double seconds = (System.nanoTime() - started) / 1e9;

        System.out.printf("writer stored 2000 events in %.2f s (%.0f rows/s)%n", seconds, 2000 / seconds);
        assertThat(written).isEqualTo(2000);
        assertThat(repository.countByUserId(user)).isEqualTo(2000);
        // Other tests may write concurrently, so allow slack; unbatched this would be 2000 statements.
        assertThat(statistics.getEntityInsertCount() - insertsBefore).isGreaterThanOrEqualTo(2000);
        assertThat(statistics.getPrepareStatementCount() - statementsBefore)
                .as("4 batches of 500 inserts, not one statement per row")
                .isLessThan(100);
    }

    @Test
    void writingTheSameBatchAgainShouldStoreItOnce() {
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        IngestedBatch batch = TestBatches.batch(user, session, 3, 20);

        writer.write(List.of(batch));
        writer.write(List.of(batch, TestBatches.batch(user, session, 4, 5), batch));

        List<StoredEvent> stored = repository.findByUserIdOrderByClientTimeAscIdxAsc(user);
        assertThat(stored).hasSize(25);
        assertThat(stored).extracting(StoredEvent::getBatchSeq).containsOnly(3L, 4L);
        StoredEvent first = stored.getFirst();
        assertThat(first.getSessionId()).isEqualTo(session);
        assertThat(first.getEventType()).isEqualTo(batch.events().getFirst().type());
        assertThat(first.getClientTime()).isEqualTo(batch.events().getFirst().t());
        assertThat(first.getX()).isEqualTo(batch.events().getFirst().x());
        assertThat(first.getReceivedAt()).isEqualTo(batch.receivedAt());
    }

    /**
     * Two consumers may store the same batch at once (a re-sent batch is a second stream
     * entry). The second waits in PostgreSQL for the first to commit; that wait must hold
     * up nothing else in the process. When ids came from Hibernate's pooled optimizer, the
     * waiting writer flushed its JDBC batch while holding the optimizer's lock, so every
     * other writer stalled behind it, the first one too if it needed an id before
     * committing: a deadlock PostgreSQL cannot see.
     */
    @Test
    void aWriteWaitingForAnotherTransactionsRowsShouldNotHoldUpOtherWrites() throws Exception {
        UUID user = UUID.randomUUID();
        IngestedBatch contested = TestBatches.batch(user, UUID.randomUUID(), 0, 500);
        // Some ids handed out first, so a generator drawing blocks of ids is most likely mid-block now.
        writer.write(List.of(TestBatches.batch(UUID.randomUUID(), UUID.randomUUID(), 0, 7)));

        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> waiting;
            try (Connection other = dataSource.getConnection()) {
                other.setAutoCommit(false);
                insertFirstEvent(other, contested);
                waiting = writers.submit(() -> writer.write(List.of(contested)));
                try {
                    await().atMost(Duration.ofSeconds(30)).until(this::waitingForALock);
                    IngestedBatch unrelated = TestBatches.batch(UUID.randomUUID(), UUID.randomUUID(), 0, 10);
                    assertThat(writers.submit(() -> writer.write(List.of(unrelated))).get(20, TimeUnit.SECONDS))
                            .isEqualTo(10);
                    assertThat(waiting).isNotDone();
                } finally {
                    other.rollback();
                }
            }
            assertThat(waiting.get(20, TimeUnit.SECONDS)).isEqualTo(500);
        }
        assertThat(repository.countByUserId(user)).isEqualTo(500);
    }

    /** A writer that vanished mid-transaction holds the events others wait for a minute at most. */
    @Test
    void theServerShouldEndTransactionsLeftIdle() {
        assertThat(jdbc.queryForObject("show idle_in_transaction_session_timeout", String.class)).isEqualTo("1min");
    }

    /** Stores the batch's first event in {@code connection}'s open transaction, as another writer would. */
    private static void insertFirstEvent(Connection connection, IngestedBatch batch) throws Exception {
        BehavioralEvent event = batch.events().getFirst();
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into events.behavioral_events
                    (id, user_id, session_id, batch_seq, idx, event_type, client_time, x, y, received_at)
                values (nextval('events.behavioral_events_id_seq'), ?, ?, ?, 0, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, batch.userId());
            insert.setObject(2, batch.sessionId());
            insert.setLong(3, batch.seq());
            insert.setString(4, event.type().wireName());
            insert.setDouble(5, event.t());
            insert.setObject(6, event.x());
            insert.setObject(7, event.y());
            insert.setTimestamp(8, Timestamp.from(batch.receivedAt()));
            insert.executeUpdate();
        }
    }

    /** Whether another session waits for a lock while inserting events. */
    private boolean waitingForALock() {
        Integer waiting = jdbc.queryForObject("""
                select count(*) from pg_stat_activity
                 where wait_event_type = 'Lock' and query like '%behavioral_events%'
                   and pid <> pg_backend_pid()""", Integer.class);
        return waiting != null && waiting > 0;
    }
}
