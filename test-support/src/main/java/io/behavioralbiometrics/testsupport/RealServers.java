package io.behavioralbiometrics.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL and Redis servers of this JVM, started on first use and shared by every
 * test class. Which servers is chosen by {@code BB_TEST_SERVERS}:
 * <ul>
 * <li>{@code containers}: Testcontainers (needs a Docker engine);</li>
 * <li>{@code embedded}: PostgreSQL and Redis started from Maven artifacts;</li>
 * <li>{@code external}: existing servers at {@code BB_TEST_POSTGRES_URL} (with
 * {@code BB_TEST_POSTGRES_USER}, {@code BB_TEST_POSTGRES_PASSWORD}) and
 * {@code BB_TEST_REDIS_URL};</li>
 * <li>unset or {@code auto}: containers when {@code DOCKER_HOST} is set or a Docker
 * socket answers, embedded otherwise.</li>
 * </ul>
 */
public final class RealServers {

    private static final Logger log = LoggerFactory.getLogger(RealServers.class);

    public enum Mode { CONTAINERS, EMBEDDED, EXTERNAL }

    private static volatile @Nullable RealServers instance;

    private final Mode mode;
    private final PostgresEndpoint postgres;
    private final RedisEndpoint redis;
    private final @Nullable EmbeddedPostgresServer embeddedPostgres;
    private final @Nullable EmbeddedRedisServer embeddedRedis;

    private RealServers(Mode mode, PostgresEndpoint postgres, RedisEndpoint redis,
            @Nullable EmbeddedPostgresServer embeddedPostgres, @Nullable EmbeddedRedisServer embeddedRedis) {
        this.mode = mode;
        this.postgres = postgres;
        this.redis = redis;
        this.embeddedPostgres = embeddedPostgres;
        this.embeddedRedis = embeddedRedis;
    }

    /** The servers of this JVM, starting them on first call. */
    public static RealServers get() {
        RealServers servers = instance;
        if (servers == null) {
            synchronized (RealServers.class) {
                servers = instance;
                if (servers == null) {
                    servers = start(mode(System.getenv()));
                    instance = servers;
                }
            }
        }
        return servers;
    }

    public static Mode mode(Map<String, String> env) {
        String configured = env.getOrDefault("BB_TEST_SERVERS", "auto").trim().toLowerCase(Locale.ROOT);
        return switch (configured) {
            case "containers", "testcontainers", "docker" -> Mode.CONTAINERS;
            case "embedded" -> Mode.EMBEDDED;
            case "external" -> Mode.EXTERNAL;
            case "auto", "" -> dockerAvailable(env) ? Mode.CONTAINERS : Mode.EMBEDDED;
            default -> throw new IllegalStateException(
                    "BB_TEST_SERVERS must be auto, containers, embedded or external, not " + configured);
        };
    }

    private static boolean dockerAvailable(Map<String, String> env) {
        // Cheap checks first: without a host or a socket there is no engine to ask.
        if (env.get("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
            return false;
        }
        return Containers.dockerAnswers();
    }

    private static RealServers start(Mode mode) {
        log.info("Starting real PostgreSQL and Redis for tests: {}", mode);
        return switch (mode) {
            case CONTAINERS -> new RealServers(mode, Containers.postgresEndpoint(), Containers.redisEndpoint(), null, null);
            case EMBEDDED -> {
                EmbeddedPostgresServer pg = EmbeddedPostgresServer.startTemporary();
                EmbeddedRedisServer redis = EmbeddedRedisServer.startTemporary();
                yield new RealServers(mode, pg.endpoint(), redis.endpoint(), pg, redis);
            }
            case EXTERNAL -> new RealServers(mode,
                    new PostgresEndpoint(required("BB_TEST_POSTGRES_URL"),
                            System.getenv().getOrDefault("BB_TEST_POSTGRES_USER", "postgres"),
                            System.getenv().getOrDefault("BB_TEST_POSTGRES_PASSWORD", "")),
                    RedisEndpoint.fromUrl(required("BB_TEST_REDIS_URL")), null, null);
        };
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " must be set when BB_TEST_SERVERS=external");
        }
        return value;
    }

    public Mode mode() {
        return mode;
    }

    public PostgresEndpoint postgres() {
        return postgres;
    }

    public RedisEndpoint redis() {
        return redis;
    }

    /** The embedded PostgreSQL, for tests that stop and restart it; empty in other modes. */
    public java.util.Optional<EmbeddedPostgresServer> embeddedPostgres() {
        return java.util.Optional.ofNullable(embeddedPostgres);
    }

    /** The embedded Redis, for tests that stop and restart it; empty in other modes. */
    public java.util.Optional<EmbeddedRedisServer> embeddedRedis() {
        return java.util.Optional.ofNullable(embeddedRedis);
    }
}
