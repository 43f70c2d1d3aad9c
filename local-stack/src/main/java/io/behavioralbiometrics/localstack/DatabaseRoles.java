package io.behavioralbiometrics.localstack;

import io.behavioralbiometrics.testsupport.PostgresEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * One login role per service on the embedded PostgreSQL, owning only its own schema, as
 * {@code docker/postgres-init.sh} sets up for compose: a compromised service cannot read
 * another one's data. The risk engine's read access to {@code events.behavioral_events}
 * is granted by the event logger's migrations. The embedded server trusts loopback
 * connections, so here the roles separate privileges, not credentials.
 */
final class DatabaseRoles {

    record Role(String service, String name, String schema) {
    }

    static final List<Role> ROLES = List.of(
            new Role("identity-service", "bb_identity", "identity"),
            new Role("event-logger-service", "bb_event_logger", "events"),
            new Role("risk-engine-service", "bb_risk_engine", "risk"));

    private DatabaseRoles() {
    }

    static Optional<Role> of(String service) {
        return ROLES.stream().filter(role -> role.service().equals(service)).findFirst();
    }

    /** Creates the roles and their schemas, idempotently; run as the superuser. */
    static void apply(PostgresEndpoint superuser, String database) {
        try (Connection connection = DriverManager.getConnection(superuser.jdbcUrl(), superuser.username(),
                superuser.password()); Statement statement = connection.createStatement()) {
            statement.execute("revoke create on schema public from public");
            for (Role role : ROLES) {
                statement.execute("""
                        do $$ begin
                            if not exists (select 1 from pg_roles where rolname = '%1$s') then
                                create role %1$s login;
                            end if;
                        end $$""".formatted(role.name()));
                statement.execute("grant connect on database %s to %s".formatted(database, role.name()));
                statement.execute("create schema if not exists %s authorization %s".formatted(role.schema(), role.name()));
                statement.execute("alter schema %s owner to %s".formatted(role.schema(), role.name()));
                statement.execute(handOver(role));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up the services' database roles", e);
        }
    }

    /**
     * A data directory from before per-service roles holds objects the superuser created:
     * hand them to the schema's role, so its service can still migrate and write them.
     */
    private static String handOver(Role role) {
        return """
                do $$ declare r record; begin
                    for r in select c.oid::regclass as rel from pg_class c
                            join pg_namespace n on n.oid = c.relnamespace
                            where n.nspname = '%1$s' and c.relowner <> '%2$s'::regrole
                              and (c.relkind in ('r', 'p', 'v', 'm')
                                   or (c.relkind = 'S' and not exists (select 1 from pg_depend d
                                       where d.objid = c.oid and d.deptype in ('a', 'i')))) loop
                        execute format('alter table %%s owner to %2$s', r.rel);
                    end loop;
                    for r in select p.oid::regprocedure as routine from pg_proc p
                            join pg_namespace n on n.oid = p.pronamespace
                            where n.nspname = '%1$s' and p.proowner <> '%2$s'::regrole loop
                        execute format('alter routine %%s owner to %2$s', r.routine);
                    end loop;
                end $$""".formatted(role.schema(), role.name());
    }
}
