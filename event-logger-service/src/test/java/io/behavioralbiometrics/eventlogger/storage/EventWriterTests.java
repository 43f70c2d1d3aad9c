package io.behavioralbiometrics.eventlogger.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.eventlogger.EventLoggerIntegrationTest;
import io.behavioralbiometrics.eventlogger.TestBatches;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@EventLoggerIntegrationTest
class EventWriterTests {

    @Autowired
    EventWriter writer;

    @Autowired
    StoredEventRepository repository;

    @Autowired
    EntityManagerFactory entityManagerFactory;

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
                .as("4 batches of 500 inserts and 4 sequence calls, not one statement per row")
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
}
