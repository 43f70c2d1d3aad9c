package io.behavioralbiometrics.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RealServersTests {

    @Test
    void postgresWritesAndReadsBackARow() throws Exception {
        PostgresEndpoint pg = RealServers.get().postgres();
        try (Connection connection = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS round_trip (id int PRIMARY KEY, note text)");
            statement.execute("INSERT INTO round_trip VALUES (42, 'written') ON CONFLICT (id) DO UPDATE SET note = 'written'");
            ResultSet rows = statement.executeQuery("SELECT note, current_setting('server_version_num')::int FROM round_trip WHERE id = 42");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("written");
            assertThat(rows.getInt(2)).as("PostgreSQL major version").isGreaterThanOrEqualTo(170000);
        }
    }

    @Test
    void redisStreamRoundTripKeepsFieldsAndOrder() {
        RedisEndpoint redis = RealServers.get().redis();
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            var commands = connection.sync();
            commands.del("test:round-trip");
            String first = commands.xadd("test:round-trip", Map.of("seq", "1", "payload", "a"));
            String second = commands.xadd("test:round-trip", Map.of("seq", "2", "payload", "b"));
            commands.xgroupCreate(XReadArgs.StreamOffset.from("test:round-trip", "0"), "readers");
            List<StreamMessage<String, String>> read = commands.xreadgroup(
                    io.lettuce.core.Consumer.from("readers", "one"), XReadArgs.StreamOffset.lastConsumed("test:round-trip"));
            assertThat(read).extracting(StreamMessage::getId).containsExactly(first, second);
            assertThat(read.get(1).getBody()).containsEntry("payload", "b");
            assertThat(commands.xack("test:round-trip", "readers", first, second)).isEqualTo(2);
            assertThat(commands.xpending("test:round-trip", "readers").getCount()).isZero();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void embeddedPostgresSurvivesStopAndStartWithItsData() throws Exception {
        RealServers servers = RealServers.get();
        if (servers.embeddedPostgres().isEmpty()) {
            return; // only the embedded server can be restarted from here
        }
        EmbeddedPostgresServer server = servers.embeddedPostgres().get();
        PostgresEndpoint pg = servers.postgres();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password())) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS restart_check (v text); INSERT INTO restart_check VALUES ('kept')");
        }
        server.stop();
        assertThat(server.isRunning()).isFalse();
        server.start();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password())) {
            ResultSet rows = c.createStatement().executeQuery("SELECT count(*) FROM restart_check WHERE v = 'kept'");
            rows.next();
            assertThat(rows.getInt(1)).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void modeFollowsTheEnvironmentVariable() {
        assertThat(RealServers.mode(Map.of("BB_TEST_SERVERS", "embedded"))).isEqualTo(RealServers.Mode.EMBEDDED);
        assertThat(RealServers.mode(Map.of("BB_TEST_SERVERS", "containers"))).isEqualTo(RealServers.Mode.CONTAINERS);
        assertThat(RealServers.mode(Map.of("BB_TEST_SERVERS", "external"))).isEqualTo(RealServers.Mode.EXTERNAL);
    }
}
