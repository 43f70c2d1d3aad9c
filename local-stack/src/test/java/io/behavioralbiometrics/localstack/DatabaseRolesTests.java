package io.behavioralbiometrics.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.behavioralbiometrics.testsupport.PostgresEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each service reaches only its own schema, on the running stack: what a compromised
 * service could read or change through its database connection.
 */
@ExtendWith(RunningStack.class)
class DatabaseRolesTests {

    private static final String DENIED = "42501";

    private final LocalStack stack = RunningStack.get();

    @Test
    void everyServiceConnectsAsItsOwnRoleOwningOnlyItsSchema() throws Exception {
        assertThat(query(stack.postgres(), "select distinct usename from pg_stat_activity where usename like 'bb\\_%'"))
                .contains("bb_identity", "bb_event_logger", "bb_risk_engine");
        assertThat(query(stack.postgres(), """
                select nspname || '=' || pg_get_userbyid(nspowner) from pg_namespace
                where nspname in ('identity', 'events', 'risk') order by nspname"""))
                .containsExactly("events=bb_event_logger", "identity=bb_identity", "risk=bb_risk_engine");
    }

    @Test
    void theRiskEngineReadsTheStoredEventsAndNothingElseOfAnotherService() throws Exception {
        PostgresEndpoint risk = stack.databaseOf("risk-engine-service");
        assertThat(query(risk, "select count(*) from events.behavioral_events")).hasSize(1);
        assertThat(query(risk, "select count(*) from risk.user_models")).hasSize(1);
        assertDenied(risk, "select count(*) from identity.users");
        assertDenied(risk, "select count(*) from identity.signing_keys");
        assertDenied(risk, "select count(*) from events.erased_users");
        assertDenied(risk, "delete from events.behavioral_events");
        assertDenied(risk, "insert into events.behavioral_events (user_id) values (gen_random_uuid())");
    }

    @Test
    void theEventLoggerAndTheIdentityServiceCannotReachTheOthersData() throws Exception {
        PostgresEndpoint logger = stack.databaseOf("event-logger-service");
        assertThat(query(logger, "select count(*) from events.behavioral_events")).hasSize(1);
        assertDenied(logger, "select count(*) from identity.users");
        assertDenied(logger, "select count(*) from risk.user_models");
        assertDenied(logger, "create table public.planted (id int)");

        PostgresEndpoint identity = stack.databaseOf("identity-service");
        assertThat(query(identity, "select count(*) from identity.users")).hasSize(1);
        assertDenied(identity, "select count(*) from events.behavioral_events");
        assertDenied(identity, "update risk.user_models set version = version");
    }

    private static void assertDenied(PostgresEndpoint as, String sql) {
        assertThatThrownBy(() -> query(as, sql)).as(as.username() + ": " + sql)
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(DENIED));
    }

    private static List<String> query(PostgresEndpoint as, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(as.jdbcUrl(), as.username(), as.password());
                Statement statement = connection.createStatement()) {
            List<String> rows = new ArrayList<>();
            if (statement.execute(sql)) {
                try (ResultSet result = statement.getResultSet()) {
                    while (result.next()) {
                        rows.add(result.getString(1));
                    }
                }
            }
            return rows;
        }
    }
}
