package io.behavioralbiometrics.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** How to reach a PostgreSQL database. */
public record PostgresEndpoint(String jdbcUrl, String username, String password) {

    /** The same server, another database on it. */
    public PostgresEndpoint withDatabase(String database) {
        int slash = jdbcUrl.lastIndexOf('/');
        int query = jdbcUrl.indexOf('?', slash);
        String suffix = query < 0 ? "" : jdbcUrl.substring(query);
        return new PostgresEndpoint(jdbcUrl.substring(0, slash + 1) + database + suffix, username, password);
    }

    /** Creates an empty database on this server, named {@code prefix} plus a random suffix. */
    public PostgresEndpoint createDatabase(String prefix) throws SQLException {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        }
        return withDatabase(name);
    }
}
