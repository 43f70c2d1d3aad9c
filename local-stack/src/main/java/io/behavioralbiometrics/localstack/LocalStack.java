package io.behavioralbiometrics.localstack;

import io.behavioralbiometrics.testsupport.EmbeddedPostgresServer;
import io.behavioralbiometrics.testsupport.EmbeddedRedisServer;
import io.behavioralbiometrics.testsupport.Ports;
import io.behavioralbiometrics.testsupport.PostgresEndpoint;
import io.behavioralbiometrics.testsupport.RedisEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine: PostgreSQL and Redis (embedded unless external ones
 * are given), the four services each in its own JVM, and the demo page.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    private static final String DATABASE = "behavioral_biometrics";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

    private final StackOptions options;
    private final @Nullable EmbeddedPostgresServer embeddedPostgres;
    private final @Nullable EmbeddedRedisServer embeddedRedis;
    private final PostgresEndpoint postgres;
    private final RedisEndpoint redis;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, Launch> launches = new LinkedHashMap<>();

    /** How a service was started, so a fault test can start it again. */
    private record Launch(Path jar, List<String> jvmOptions, List<String> arguments, Map<String, String> environment) {
    }
    private @Nullable DemoServer demo;

    private LocalStack(StackOptions options, @Nullable EmbeddedPostgresServer embeddedPostgres,
            @Nullable EmbeddedRedisServer embeddedRedis, PostgresEndpoint postgres, RedisEndpoint redis) {
        this.options = options;
        this.embeddedPostgres = embeddedPostgres;
        this.embeddedRedis = embeddedRedis;
        this.postgres = postgres;
        this.redis = redis;
    }

    /** Starts everything and returns once every service reports ready. */
    public static LocalStack start(StackOptions options) {
        if (options.fresh()) {
            deleteRecursively(options.dataDirectory());
        }
        EmbeddedPostgresServer pg = null;
        PostgresEndpoint postgres;
        if (options.postgresUrl() == null) {
            pg = EmbeddedPostgresServer.start(options.dataDirectory().resolve("postgres"), Ports.free(), options.durable(),
                    false);
            pg.createDatabase(DATABASE);
            postgres = pg.endpoint().withDatabase(DATABASE);
            DatabaseRoles.apply(postgres, DATABASE);
        } else {
            postgres = new PostgresEndpoint(options.postgresUrl(), options.postgresUser(), options.postgresPassword());
        }
        EmbeddedRedisServer embeddedRedis = null;
        RedisEndpoint redis;
        if (options.redisUrl() == null) {
            try {
                embeddedRedis = EmbeddedRedisServer.start(options.dataDirectory().resolve("redis"), Ports.free(), true);
            } catch (RuntimeException e) {
                if (pg != null) {
                    pg.stop();
                }
                throw e;
            }
            redis = embeddedRedis.endpoint();
        } else {
            URI uri = URI.create(options.redisUrl());
            redis = new RedisEndpoint(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
        }
        LocalStack stack = new LocalStack(options, pg, embeddedRedis, postgres, redis);
        try {
            stack.startServices();
            stack.demo = DemoServer.start(options);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startServices() {
        List<String> bus = List.of(
                "--spring.data.redis.host=" + redis.host(),
                "--spring.data.redis.port=" + redis.port());
        String jwks = "--bb.security.jwt.jwk-set-uri=" + options.identityUrl() + "/.well-known/jwks.json";
        String demoOrigin = "http://localhost:" + options.demoPort();

        start("identity-service", options.identityPort(), "256m", concat(database("identity-service"), bus,
                List.of("--bb.identity.allowed-origins=" + demoOrigin)), keyEncryptionKey());
        start("ingestor-service", options.ingestorPort(), "512m", concat(bus,
                List.of(jwks, "--bb.ingest.allowed-origins=" + demoOrigin)));
        // Trim the stream only past what both consumer groups have acknowledged.
        start("event-logger-service", options.eventLoggerPort(), "256m", concat(database("event-logger-service"), bus,
                List.of(jwks, "--bb.event-logger.trim.required-groups=event-logger,risk-engine")));
        start("risk-engine-service", options.riskEnginePort(), "768m", concat(database("risk-engine-service"), bus,
                List.of(jwks, "--bb.risk.cors.allowed-origins=" + demoOrigin)), modelSigningKey());
        for (ServiceProcess service : services.values()) {
            service.awaitReady(READY_TIMEOUT);
        }
    }

    /**
     * The connection of one service: on the embedded server as the service's own role
     * ({@link DatabaseRoles}), on an external one as the user given.
     */
    private List<String> database(String service) {
        PostgresEndpoint connection = databaseOf(service);
        return List.of("--spring.datasource.url=" + connection.jdbcUrl(),
                "--spring.datasource.username=" + connection.username());
    }

    /** The database connection a service uses; the superuser's is {@link #postgres()}. */
    public PostgresEndpoint databaseOf(String service) {
        String user = embeddedPostgres == null ? postgres.username()
                : DatabaseRoles.of(service).orElseThrow().name();
        return new PostgresEndpoint(postgres.jdbcUrl(), user, embeddedPostgres == null ? postgres.password() : "");
    }

    private void start(String name, int port, String heap, List<String> arguments) {
        start(name, port, heap, arguments, Map.of());
    }

    /** The risk engine's model signing key ({@link #keptSecret}). */
    private Map<String, String> modelSigningKey() {
        return keptSecret("BB_RISK_MODEL_SIGNING_KEY", "risk-model-signing.key");
    }

    /** The identity service's key-encryption key for its signing keys ({@link #keptSecret}). */
    private Map<String, String> keyEncryptionKey() {
        return keptSecret("BB_IDENTITY_KEY_ENCRYPTION_KEY", "identity-key-encryption.key");
    }

    /**
     * A 256-bit key in the child's environment: the caller's {@code variable} (inherited as
     * is), else one generated on the first start and kept, readable by its owner only,
     * beside the data it protects, so that data stays usable across restarts on the same
     * data directory.
     */
    private Map<String, String> keptSecret(String variable, String fileName) {
        if (System.getenv(variable) != null && !System.getenv(variable).isBlank()) {
            return Map.of();
        }
        Path file = options.dataDirectory().resolve(fileName);
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                Files.createDirectories(file.getParent());
                try {
                    // Owner-only from the start, never readable by others for a moment.
                    Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(file); // not a POSIX file system: the data directory's permissions apply
                }
                Files.writeString(file, java.util.Base64.getEncoder().encodeToString(key));
            }
            return Map.of(variable, Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep " + variable + " in " + file, e);
        }
    }

    private void start(String name, int port, String heap, List<String> arguments, Map<String, String> secrets) {
        // Passwords and keys travel in the environment of the child, not on its command line.
        Path jar = options.repo().resolve(name).resolve("target").resolve(name + "-0.1.0-SNAPSHOT-exec.jar");
        Map<String, String> environment = new java.util.HashMap<>(secrets);
        if (!postgres.password().isEmpty()) {
            environment.put("SPRING_DATASOURCE_PASSWORD", postgres.password());
        }
        environment = Map.copyOf(environment);
        Launch launch = new Launch(jar, concat(List.of("-Xmx" + heap), options.jvmOptions()),
                concat(arguments, options.serviceArguments()), environment);
        launches.put(name, launch);
        services.put(name, ServiceProcess.start(name, jar, port, launch.jvmOptions(), launch.arguments(), environment,
                options.dataDirectory().resolve("logs")));
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    public StackOptions options() {
        return options;
    }

    public PostgresEndpoint postgres() {
        return postgres;
    }

    public RedisEndpoint redis() {
        return redis;
    }

    public Optional<EmbeddedPostgresServer> embeddedPostgres() {
        return Optional.ofNullable(embeddedPostgres);
    }

    public Optional<EmbeddedRedisServer> embeddedRedis() {
        return Optional.ofNullable(embeddedRedis);
    }

    /** Kills a service's JVM at once, as a crash would. */
    public void kill(String name) {
        ServiceProcess service = services.get(name);
        if (service != null) {
            service.kill();
        }
    }

    /** Starts a service again, or another instance of it as {@code instance} on {@code port}; waits until ready. */
    public void startInstance(String name, String instance, int port) {
        Launch launch = launches.get(name);
        if (launch == null) {
            throw new IllegalArgumentException("unknown service " + name);
        }
        ServiceProcess previous = services.get(instance);
        if (previous != null && previous.isAlive()) {
            throw new IllegalStateException(instance + " is still running");
        }
        ServiceProcess process = ServiceProcess.start(instance, launch.jar(), port, launch.jvmOptions(),
                launch.arguments(), launch.environment(), options.dataDirectory().resolve("logs"));
        services.put(instance, process);
        process.awaitReady(READY_TIMEOUT);
    }

    /** The Actuator port (health, {@code /actuator/prometheus}) of a running instance. */
    public int managementPort(String instance) {
        ServiceProcess service = services.get(instance);
        if (service == null) {
            throw new IllegalArgumentException("unknown service " + instance);
        }
        return service.managementPort();
    }

    /** Whether {@code /actuator/health/readiness} of that instance says UP right now. */
    public boolean isReady(String instance) {
        ServiceProcess service = services.get(instance);
        return service != null && service.isAlive() && service.isReadyNow();
    }

    public String summary() {
        return """

                Behavioral Biometrics is running.
                  Demo page        %s
                  Identity API     %s   (Swagger UI: %s/swagger-ui.html, JWKS: %s/.well-known/jwks.json)
                  Ingest WebSocket %s
                  Metrics          %s
                  Risk engine      %s   (Swagger UI: %s/swagger-ui.html)
                  PostgreSQL       %s
                  Redis            %s
                  Logs             %s
                Press Ctrl-C to stop everything.
                """.formatted(options.demoUrl(), options.identityUrl(), options.identityUrl(), options.identityUrl(),
                options.ingestUrl(), metricsUrls(), options.riskUrl(), options.riskUrl(), postgres.jdbcUrl(),
                redis.url(), options.dataDirectory().resolve("logs"));
    }

    /** Each service's Prometheus endpoint, on its management port (loopback only, no token). */
    private String metricsUrls() {
        List<String> urls = new ArrayList<>();
        for (ServiceProcess service : services.values()) {
            urls.add("http://127.0.0.1:" + service.managementPort() + "/actuator/prometheus  (" + service.name() + ")");
        }
        return String.join("\n                   ", urls);
    }

    /** Stops the demo page, the services (gracefully, in parallel) and then the servers. */
    @Override
    public synchronized void close() {
        if (demo != null) {
            demo.close();
            demo = null;
        }
        List<Thread> stopping = new ArrayList<>();
        for (ServiceProcess service : services.values()) {
            stopping.add(Thread.ofVirtual().start(service::close));
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        services.clear();
        if (embeddedRedis != null) {
            embeddedRedis.stop();
        }
        if (embeddedPostgres != null) {
            embeddedPostgres.stop();
        }
        log.info("Local stack stopped");
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
