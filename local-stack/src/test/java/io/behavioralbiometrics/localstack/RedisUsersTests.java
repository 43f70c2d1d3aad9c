package io.behavioralbiometrics.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.behavioralbiometrics.testsupport.ManagementEndpoints;
import io.behavioralbiometrics.testsupport.RedisEndpoint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each service reaches Redis as its own ACL user, on the running stack: what a compromised
 * service could do through its connection. That every user may do what its service needs
 * is shown by the rest of the suite (ingest, live risk, erasure), which runs under these
 * users. Denials are asked with {@code ACL DRYRUN}, so nothing dangerous runs if one were granted.
 */
@ExtendWith(RunningStack.class)
class RedisUsersTests {

    private final LocalStack stack = RunningStack.get();
    private RedisClient client;
    private StatefulRedisConnection<String, String> admin;

    @BeforeEach
    void connect() {
        client = RedisClient.create(RedisURI.create(stack.redis().url()));
        admin = client.connect();
    }

    @AfterEach
    void close() {
        admin.close();
        client.shutdown();
    }

    @Test
    void everyServiceIsConnectedAsItsOwnUserAndTheDefaultUserIsOff() {
        // The identity service opens its connection on first use: its full health check is one.
        assertThat(ManagementEndpoints.get(stack.managementPort("identity-service"), "/actuator/health")
                .statusCode()).isEqualTo(200);
        Set<String> users = new TreeSet<>();
        for (String line : admin.sync().clientList().lines().toList()) {
            Arrays.stream(line.split(" ")).filter(field -> field.startsWith("user="))
                    .forEach(field -> users.add(field.substring("user=".length())));
        }
        assertThat(users).containsExactlyInAnyOrder("bb_admin", "bb_identity", "bb_ingestor", "bb_event_logger",
                "bb_risk_engine");

        RedisEndpoint redis = stack.redis();
        RedisClient anonymous = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
        try {
            assertThatThrownBy(anonymous::connect).hasStackTraceContaining("NOAUTH");
        } finally {
            anonymous.shutdown();
        }
        RedisClient wrongPassword = RedisClient.create(RedisURI.create(redis.as("bb_ingestor", "guess").url()));
        try {
            assertThatThrownBy(wrongPassword::connect).hasStackTraceContaining("WRONGPASS");
        } finally {
            wrongPassword.shutdown();
        }
    }

    @Test
    void theIngestorCannotForgeAnErasureReadStoredEventsOrTouchRiskState() {
        String user = RedisUsers.of("ingestor-service");
        assertAllowed(user, "XADD", "bb:events", "*", "userId", "u");
        assertDenied(user, "XADD", "bb:user-deleted", "*", "userId", "u");
        assertDenied(user, "XRANGE", "bb:events", "-", "+");
        assertDenied(user, "DEL", "bb:events");
        assertDenied(user, "XGROUP", "DESTROY", "bb:events", "event-logger");
        assertDenied(user, "SET", "bb:deleted-user:u", "1");
        assertDenied(user, "DEL", "bb:deleted-user:u");
        assertDenied(user, "GET", "bb:risk:session:u:s");
        assertDenied(user, "PUBLISH", "bb:risk", "{}");
    }

    @Test
    void theRiskEngineCannotAddDeleteOrTrimEventsNorSetTombstones() {
        String user = RedisUsers.of("risk-engine-service");
        assertAllowed(user, "XACK", "bb:events", "risk-engine", "0-1");
        assertAllowed(user, "LRANGE", "bb:risk:session:{u}:s", "0", "-1");
        assertAllowed(user, "ZRANGE", "bb:risk:session:{u}:live", "0", "-1");
        assertDenied(user, "SCAN", "0");
        assertDenied(user, "XADD", "bb:events", "*", "userId", "u");
        assertDenied(user, "XDEL", "bb:events", "0-1");
        assertDenied(user, "XTRIM", "bb:events", "MAXLEN", "0");
        assertDenied(user, "DEL", "bb:events");
        assertDenied(user, "XADD", "bb:user-deleted", "*", "userId", "u");
        assertDenied(user, "SET", "bb:deleted-user:u", "1");
        assertDenied(user, "DEL", "bb:deleted-user:u");
        assertDenied(user, "PUBLISH", "behavioral-stream", "{}");
    }

    @Test
    void theEventLoggerAndTheIdentityServiceKeepToTheirOwnPart() {
        String logger = RedisUsers.of("event-logger-service");
        assertAllowed(logger, "XTRIM", "bb:events", "MINID", "0-1");
        assertAllowed(logger, "XADD", "bb:events:dead", "*", "originalId", "0-1");
        assertDenied(logger, "XADD", "bb:events", "*", "userId", "u");
        assertDenied(logger, "XADD", "bb:user-deleted", "*", "userId", "u");
        assertDenied(logger, "SET", "bb:deleted-user:u", "1");
        assertDenied(logger, "DEL", "bb:deleted-user:u");
        assertDenied(logger, "GET", "bb:risk:session:u:s");
        assertDenied(logger, "PUBLISH", "bb:risk", "{}");

        String identity = RedisUsers.of("identity-service");
        assertAllowed(identity, "SET", "bb:deleted-user:u", "1", "EX", "60");
        assertAllowed(identity, "XADD", "bb:user-deleted", "*", "userId", "u");
        assertDenied(identity, "XRANGE", "bb:user-deleted", "-", "+");
        assertDenied(identity, "XRANGE", "bb:events", "-", "+");
        assertDenied(identity, "DEL", "bb:user-deleted");
        assertDenied(identity, "GET", "bb:risk:session:u:s");
    }

    @Test
    void theShardsOfTheEventStreamKeepTheRulesOfTheUnshardedStream() {
        String shard = "bb:events:{2}";
        String ingestor = RedisUsers.of("ingestor-service");
        assertAllowed(ingestor, "XADD", shard, "*", "userId", "u");
        assertAllowed(ingestor, "XLEN", shard);
        assertDenied(ingestor, "XRANGE", shard, "-", "+");
        assertDenied(ingestor, "DEL", shard);
        assertDenied(ingestor, "XADD", "bb:events:{2}:trim-lock", "*", "userId", "u");

        String logger = RedisUsers.of("event-logger-service");
        assertAllowed(logger, "XREADGROUP", "GROUP", "event-logger", "c", "STREAMS", shard, ">");
        assertAllowed(logger, "XTRIM", shard, "MINID", "0-1");
        assertAllowed(logger, "XDEL", shard, "0-1");
        assertAllowed(logger, "SET", "bb:events:{2}:trim-lock", "owner", "NX", "PX", "1000");
        assertDenied(logger, "XADD", shard, "*", "userId", "u");

        String risk = RedisUsers.of("risk-engine-service");
        assertAllowed(risk, "XREADGROUP", "GROUP", "risk-engine", "c", "STREAMS", shard, ">");
        assertAllowed(risk, "XACK", shard, "risk-engine", "0-1");
        assertDenied(risk, "XDEL", shard, "0-1");
        assertDenied(risk, "XADD", shard, "*", "userId", "u");
    }

    @Test
    void noServiceMayRunAdministrativeCommands() {
        for (String service : List.of("identity-service", "ingestor-service", "event-logger-service",
                "risk-engine-service")) {
            String user = RedisUsers.of(service);
            assertDenied(user, "FLUSHALL");
            assertDenied(user, "CONFIG", "SET", "maxmemory", "0");
            assertDenied(user, "KEYS", "*");
            assertDenied(user, "ACL", "LIST");
            assertDenied(user, "DEBUG", "SLEEP", "0");
            assertDenied(user, "SHUTDOWN", "NOSAVE");
            assertDenied(user, "MONITOR");
            assertDenied(user, "CLIENT", "KILL", "USER", "bb_admin");
            assertDenied(user, "SCRIPT", "FLUSH");
        }
    }

    private void assertAllowed(String user, String... command) {
        assertThat(dryRun(user, command)).as(user + " " + String.join(" ", command)).isEqualTo("OK");
    }

    private void assertDenied(String user, String... command) {
        assertThat(dryRun(user, command)).as(user + " " + String.join(" ", command))
                .startsWith("This user has no permissions");
    }

    /** {@code ACL DRYRUN}: whether the user may run the command, without running it. */
    private String dryRun(String user, String... command) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("DRYRUN").add(user);
        for (String part : command) {
            args.add(part);
        }
        RedisCommands<String, String> commands = admin.sync();
        return commands.dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args);
    }
}
