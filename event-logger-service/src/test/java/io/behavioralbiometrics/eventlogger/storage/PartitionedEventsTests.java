package io.behavioralbiometrics.eventlogger.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.eventlogger.EventLoggerIntegrationTest;
import io.behavioralbiometrics.eventlogger.TestBatches;
import io.behavioralbiometrics.testsupport.PartitionPlans;
import io.behavioralbiometrics.testsupport.PostgresEndpoint;
import io.behavioralbiometrics.testsupport.RealServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

@EventLoggerIntegrationTest
class PartitionedEventsTests {

    @Autowired
    EventWriter writer;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void eventsShouldBeHashPartitionedByUserIntoTheConfiguredNumberOfPartitions() {
        assertThat(jdbc.queryForMap("""
                select p.partstrat as strategy, a.attname as column_name, p.partnatts as columns
                from pg_partitioned_table p
                join pg_attribute a on a.attrelid = p.partrelid and a.attnum = p.partattrs[0]
                where p.partrelid = 'events.behavioral_events'::regclass"""))
                .containsEntry("strategy", "h").containsEntry("column_name", "user_id").containsEntry("columns", 1);
        assertThat(partitions(jdbc)).hasSize(16);
        // Every partition has the event key (the idempotency) and both indexes.
        assertThat(jdbc.queryForObject("""
                select count(*) from pg_index x join pg_inherits i on i.inhrelid = x.indrelid
                where i.inhparent = 'events.behavioral_events'::regclass""", Long.class)).isEqualTo(16L * 4);
    }

    @Test
    void aBatchResentWithANewReceiveTimeShouldBeStoredOnceInItsUsersPartition() {
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        writer.write(List.of(TestBatches.batch(user, session, 0, 20, first)));
        writer.write(List.of(TestBatches.batch(user, session, 0, 20, first.plus(Duration.ofDays(40)))));

        assertThat(jdbc.queryForMap("""
                select count(*) as stored, count(distinct tableoid) as partitions, min(received_at) = ? as first_kept
                from events.behavioral_events where user_id = ?""", Timestamp.from(first), user))
                .containsEntry("stored", 20L).containsEntry("partitions", 1L).containsEntry("first_kept", true);
    }

    @Test
    void usersShouldSpreadOverEveryPartition() {
        List<UUID> users = new ArrayList<>();
        List<IngestedBatch> batches = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            UUID user = UUID.randomUUID();
            users.add(user);
            batches.add(TestBatches.batch(user, UUID.randomUUID(), 0, 1));
        }
        writer.write(batches);

        // 400 random users leave one of 16 partitions empty with probability 16·(15/16)^400 < 1e-9.
        Long used = jdbc.queryForObject("select count(distinct tableoid) from events.behavioral_events "
                + "where user_id = any (?)", Long.class, (Object) users.toArray(UUID[]::new));
        assertThat(used).isEqualTo(16L);
    }

    @Test
    void aRetentionChunkShouldReadOnlyThePartitionItNames() throws SQLException {
        List<String> partitions;
        String plan;
        try (Connection connection = dataSource.getConnection()) {
            partitions = RetentionJob.partitions(connection);
            assertThat(partitions).hasSize(16);
            plan = PartitionPlans.plan(connection, RetentionJob.DELETE_CHUNK.formatted(partitions.get(5)),
                    Timestamp.from(Instant.now()), 100);
        }
        assertThat(PartitionPlans.partitionsRead(plan)).as(plan).containsExactly(partitions.get(5).replace("\"", ""));
    }

    @Test
    void theMigrationShouldMoveExistingRowsKeepingTheirIdsTheSequenceAndTheErasureTrigger() throws SQLException {
        PostgresEndpoint database = freshDatabase();
        migrate(database, "3", "4");
        JdbcTemplate old = jdbc(database);
        UUID kept = UUID.randomUUID();
        UUID erased = UUID.randomUUID();
        String insert = """
                insert into events.behavioral_events (user_id, session_id, batch_seq, idx, event_type, client_time, x, y, received_at)
                values (?, ?, 0, ?, 'mousemove', 1732449000000.5, 1, 2, now())""";
        UUID session = UUID.randomUUID();
        for (int idx = 0; idx < 30; idx++) {
            old.update(insert, kept, session, idx);
        }
        List<Long> idsBefore = old.queryForList("select id from events.behavioral_events order by id", Long.class);
        assertThat(old.queryForObject("select relkind::text from pg_class where oid = 'events.behavioral_events'::regclass",
                String.class)).isEqualTo("r");

        migrate(database, "latest", "4");

        JdbcTemplate migrated = jdbc(database);
        assertThat(partitions(migrated)).hasSize(4);
        assertThat(migrated.queryForList("select id from events.behavioral_events order by id", Long.class))
                .isEqualTo(idsBefore);
        // The sequence survived the old table and still numbers new rows after the moved ones.
        migrated.update(insert, kept, session, 30);
        assertThat(migrated.queryForObject("select max(id) from events.behavioral_events", Long.class))
                .isGreaterThan(idsBefore.getLast());
        // Re-sending a moved event is still a no-op; an erased user's event is still dropped.
        migrated.update(insert + " on conflict (user_id, session_id, batch_seq, idx) do nothing", kept, session, 0);
        migrated.update("insert into events.erased_users values (?, now())", erased);
        migrated.update(insert, erased, UUID.randomUUID(), 0);
        assertThat(migrated.queryForMap("""
                select count(*) filter (where user_id = ?) as kept, count(*) filter (where user_id = ?) as erased
                from events.behavioral_events""", kept, erased))
                .containsEntry("kept", 31L).containsEntry("erased", 0L);
    }

    @Test
    void theMigrationShouldRefuseAPartitionCountOutOfRange() throws SQLException {
        PostgresEndpoint database = freshDatabase();
        assertThatThrownBy(() -> migrate(database, "latest", "0"))
                .hasStackTraceContaining("BB_EVENT_PARTITIONS must be a whole number from 1 to 1024, not \"0\"");
    }

    private static List<String> partitions(JdbcTemplate jdbc) {
        return jdbc.queryForList("""
                select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                where i.inhparent = 'events.behavioral_events'::regclass""", String.class);
    }

    private static void migrate(PostgresEndpoint database, String target, String partitions) {
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .schemas("events").defaultSchema("events")
                .locations("classpath:db/migration/events")
                .placeholders(Map.of("eventsreader", "bb_no_such_role", "eventpartitions", partitions))
                .target(target)
                .load()
                .migrate();
    }

    private static JdbcTemplate jdbc(PostgresEndpoint database) {
        return new JdbcTemplate(new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password()));
    }

    private static PostgresEndpoint freshDatabase() throws SQLException {
        return RealServers.get().postgres().createDatabase("events");
    }
}
