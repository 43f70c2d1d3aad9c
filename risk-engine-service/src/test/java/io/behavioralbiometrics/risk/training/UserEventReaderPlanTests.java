package io.behavioralbiometrics.risk.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.testsupport.PartitionPlans;
import io.behavioralbiometrics.testsupport.PostgresEndpoint;
import io.behavioralbiometrics.testsupport.RealServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Training reads one user's events: on the hash-partitioned table that is one partition. */
class UserEventReaderPlanTests {

    @Test
    void trainingShouldReadOnlyTheUsersPartition() throws SQLException {
        PostgresEndpoint database = freshDatabase();
        Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                .schemas("events").locations("classpath:db/testmigration/events").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(
                new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password()));
        UUID user = UUID.randomUUID();
        jdbc.update("""
                insert into events.behavioral_events
                    (user_id, session_id, batch_seq, idx, event_type, client_time, x, y, received_at)
                values (?, ?, 0, 0, 'mousemove', 1732449000000.5, 1, 2, now())""", user, UUID.randomUUID());
        String home = jdbc.queryForObject("select relname from pg_class where oid = "
                + "(select tableoid from events.behavioral_events where user_id = ?)", String.class, user);

        String sql = UserEventReader.RECENT_EVENTS.replace(":userId", "?").replace(":limit", "?");
        String plan;
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password())) {
            plan = PartitionPlans.plan(connection, sql, user, 10_000);
        }
        assertThat(PartitionPlans.partitionsRead(plan)).as(plan).containsExactly(home);
        assertThat(jdbc.queryForList("select count(*) from pg_inherits where inhparent = "
                + "'events.behavioral_events'::regclass", Long.class)).isEqualTo(List.of(16L));
    }

    private static PostgresEndpoint freshDatabase() throws SQLException {
        return RealServers.get().postgres().createDatabase("risk");
    }
}
