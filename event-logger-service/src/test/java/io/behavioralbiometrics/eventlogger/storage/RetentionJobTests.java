package io.behavioralbiometrics.eventlogger.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.eventlogger.EventLoggerIntegrationTest;
import io.behavioralbiometrics.eventlogger.EventLoggerProperties;
import io.behavioralbiometrics.eventlogger.TestBatches;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

@EventLoggerIntegrationTest
class RetentionJobTests {

    @Autowired
    EventWriter writer;

    @Autowired
    StoredEventRepository repository;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    RetentionJob job() {
        // Small chunks so the test crosses several of them.
        return new RetentionJob(jdbc, new EventLoggerProperties.Retention(true, Duration.ofDays(180), Duration.ofHours(1), 7),
                Clock.systemUTC());
    }

    @Test
    void retentionShouldDeleteOnlyEventsOlderThanMaxAge() {
        UUID oldUser = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        writer.write(List.of(
                TestBatches.batch(oldUser, UUID.randomUUID(), 0, 30, now.minus(Duration.ofDays(181))),
                TestBatches.batch(user, UUID.randomUUID(), 0, 10, now.minus(Duration.ofDays(181))),
                TestBatches.batch(user, UUID.randomUUID(), 1, 20, now.minus(Duration.ofDays(179))),
                TestBatches.batch(user, UUID.randomUUID(), 2, 5, now)));

        RetentionJob.Run run = job().runOnce();

        assertThat(run.lockAcquired()).isTrue();
        assertThat(run.deleted()).isGreaterThanOrEqualTo(40);
        assertThat(repository.countByUserId(oldUser)).isZero();
        assertThat(repository.findByUserIdOrderByClientTimeAscIdxAsc(user)).extracting(StoredEvent::getBatchSeq)
                .containsOnly(1L, 2L).hasSize(25);
    }

    @Test
    void retentionShouldNotRunWhileAnotherReplicaHoldsTheLock() throws Exception {
        UUID oldUser = UUID.randomUUID();
        writer.write(List.of(TestBatches.batch(oldUser, UUID.randomUUID(), 0, 3, now.minus(Duration.ofDays(365)))));

        try (Connection otherReplica = dataSource.getConnection()) {
            assertThat(lock(otherReplica, "select pg_try_advisory_lock(?)")).isTrue();
            try {
                RetentionJob.Run run = job().runOnce();
                assertThat(run.lockAcquired()).isFalse();
                assertThat(repository.countByUserId(oldUser)).isEqualTo(3);
            } finally {
                lock(otherReplica, "select pg_advisory_unlock(?)");
            }
        }

        assertThat(job().runOnce().lockAcquired()).isTrue();
        assertThat(repository.countByUserId(oldUser)).isZero();
    }

    private static boolean lock(Connection connection, String sql) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, RetentionJob.LOCK_KEY);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
