package io.behavioralbiometrics.testsupport;

/** How to reach a PostgreSQL database. */
public record PostgresEndpoint(String jdbcUrl, String username, String password) {

    /** The same server, another database on it. */
    public PostgresEndpoint withDatabase(String database) {
        int slash = jdbcUrl.lastIndexOf('/');
        int query = jdbcUrl.indexOf('?', slash);
        String suffix = query < 0 ? "" : jdbcUrl.substring(query);
        return new PostgresEndpoint(jdbcUrl.substring(0, slash + 1) + database + suffix, username, password);
    }
}
