package io.behavioralbiometrics.localstack;

import io.behavioralbiometrics.testsupport.EmbeddedPostgresServer;
import io.behavioralbiometrics.testsupport.EmbeddedRedisCluster;
import io.behavioralbiometrics.testsupport.EmbeddedRedisServer;
import io.behavioralbiometrics.testsupport.Ports;
import io.behavioralbiometrics.testsupport.PostgresEndpoint;
import io.behavioralbiometrics.testsupport.RedisEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
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
    /** PostgreSQL's fast shutdown gets this long before an immediate one. */
    private static final Duration PG_STOP_GRACE = Duration.ofSeconds(4);
    /** How long a stop waits for a start step in progress (a server coming up) to finish. */
    private static final Duration STEP_WAIT = Duration.ofSeconds(5);

    /** Names the launcher and its service JVMs, so a start after a crash can stop what was left. */
    static final String PID_FILE = "launcher.pids";

    private final StackOptions options;
    private volatile @Nullable EmbeddedPostgresServer embeddedPostgres;
    private volatile @Nullable EmbeddedRedisServer embeddedRedis;
    private volatile @Nullable EmbeddedRedisCluster redisCluster;
    private volatile @Nullable PostgresEndpoint postgres;
    private volatile @Nullable RedisEndpoint redis;
    private volatile RedisUsers.@Nullable Kept redisUsers;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, Launch> launches = new LinkedHashMap<>();
    /** Held while a start step runs, so a stop waits for a server that is coming up. */
    private final ReentrantLock starting = new ReentrantLock();
    private volatile boolean closing;
    private boolean closed;
    private volatile boolean ownsDataDirectory;

    /** How a service was started, so a fault test can start it again. */
    private record Launch(Path jar, List<String> jvmOptions, List<String> arguments, Map<String, String> environment) {
    }
    private volatile @Nullable DemoServer demo;

    /** Why the stack did not start although nothing is wrong with it: a port taken, another launcher. */
    public static final class StartRefused extends IllegalStateException {
        StartRefused(String message) {
            super(message);
        }
    }

    /** The start gave up because {@link #close()} was called meanwhile (a Ctrl-C, a SIGTERM). */
    public static final class StartAbandoned extends IllegalStateException {
        StartAbandoned(Throwable cause) {
            super("stopped while starting", cause);
        }
    }

    private LocalStack(StackOptions options) {
        this.options = options;
    }

    /** Starts everything and returns once every service reports ready. */
    public static LocalStack start(StackOptions options) {
        LocalStack stack = prepare(options);
        stack.startAll();
        return stack;
    }

    /**
     * A stack that has started nothing yet: whoever stops it on a signal can be in place
     * before {@link #startAll()} begins, and {@link #close()} stops whatever has started.
     */
    public static LocalStack prepare(StackOptions options) {
        return new LocalStack(options);
    }

    /** Whether {@link #close()} has begun (a start in progress then gives up). */
    public boolean isClosing() {
        return closing;
    }

    /**
     * Stops what an earlier launcher on the same data directory left running, checks that
     * the ports are free, then starts PostgreSQL, Redis, the services and the demo page.
     *
     * @throws StartRefused when a port is taken or another launcher uses the data directory;
     *                      nothing was started then
     */
    public void startAll() {
        try {
            step(() -> {
                stopLeftovers();
                if (options.fresh()) {
                    deleteRecursively(options.dataDirectory());
                }
                checkPortsFree();
                checkServicesBuilt();
                writePidFile();
            });
            if (options.postgresUrl() == null) {
                step(() -> {
                    EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(postgresDirectory(), Ports.free(),
                            options.durable(), false);
                    embeddedPostgres = pg;
                    pg.createDatabase(DATABASE);
                    PostgresEndpoint superuser = pg.endpoint().withDatabase(DATABASE);
                    DatabaseRoles.apply(superuser, DATABASE);
                    postgres = superuser;
                });
            } else {
                postgres = new PostgresEndpoint(options.postgresUrl(), options.postgresUser(), options.postgresPassword());
            }
            if (options.redisCluster()) {
                step(() -> {
                    // A fresh cluster on every start: its nodes take new ports, which the
                    // nodes' saved cluster layout would not match.
                    deleteRecursively(clusterDirectory());
                    RedisUsers.Kept users = RedisUsers.prepare(options.dataDirectory(), clusterDirectory());
                    redisUsers = users;
                    EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start(clusterDirectory(), users.server());
                    redisCluster = cluster;
                    redis = cluster.nodes().getFirst();
                });
            } else if (options.redisUrl() == null) {
                step(() -> {
                    RedisUsers.Kept users = RedisUsers.prepare(options.dataDirectory(), redisDirectory());
                    redisUsers = users;
                    EmbeddedRedisServer server = EmbeddedRedisServer.start(redisDirectory(), Ports.free(), true,
                            users.server());
                    embeddedRedis = server;
                    redis = server.endpoint();
                });
            } else {
                redis = RedisEndpoint.fromUrl(options.redisUrl());
            }
            startServices();
            step(() -> demo = DemoServer.start(options));
        } catch (RuntimeException e) {
            boolean stoppedFromOutside = closing;
            close();
            throw stoppedFromOutside ? new StartAbandoned(e) : e;
        }
    }

    private void step(Runnable action) {
        starting.lock();
        try {
            if (closing) {
                throw new IllegalStateException("the local stack is stopping");
            }
            action.run();
        } finally {
            starting.unlock();
        }
    }

    private Path postgresDirectory() {
        return options.dataDirectory().resolve("postgres");
    }

    private Path redisDirectory() {
        return options.dataDirectory().resolve("redis");
    }

    private Path clusterDirectory() {
        return options.dataDirectory().resolve("redis-cluster");
    }

    /** Stops every cluster node a killed launcher left behind, each named by its pid file. */
    private List<Long> stopLeftoverClusterNodes() {
        List<Long> pids = new ArrayList<>();
        if (Files.isDirectory(clusterDirectory())) {
            try (var nodes = Files.list(clusterDirectory())) {
                nodes.filter(Files::isDirectory).forEach(node -> EmbeddedRedisServer.stopLeftover(node)
                        .ifPresent(pids::add));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + clusterDirectory(), e);
            }
        }
        return pids;
    }

    /**
     * After a crash or {@code kill -9} of the launcher its service JVMs, Redis and PostgreSQL
     * keep running; PostgreSQL then refuses to start on the same data. Stops them, with one
     * warning. Refuses to start if the launcher that wrote the pid file is still running.
     */
    private void stopLeftovers() {
        List<String> stopped = new ArrayList<>();
        List<ProcessHandle> leftoverServices = new ArrayList<>();
        Path pidFile = options.dataDirectory().resolve(PID_FILE);
        if (Files.isRegularFile(pidFile)) {
            List<String> lines;
            try {
                lines = Files.readAllLines(pidFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + pidFile, e);
            }
            for (String line : lines) {
                String[] fields = line.strip().split(" ");
                if (fields.length != 3) {
                    continue;
                }
                Optional<ProcessHandle> process = liveProcess(fields[1], fields[2]);
                if (process.isEmpty() || process.get().pid() == ProcessHandle.current().pid()) {
                    continue;
                }
                if (fields[0].equals("launcher")) {
                    throw new StartRefused("Another local stack (pid " + fields[1] + ") is running on "
                            + options.dataDirectory() + "; stop it first, or use another --data-dir");
                }
                leftoverServices.add(process.get());
                stopped.add(fields[0] + " (pid " + fields[1] + ")");
            }
        }
        leftoverServices.forEach(ProcessHandle::destroy);
        for (ProcessHandle process : leftoverServices) {
            try {
                process.onExit().get(ServiceProcess.STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                process.destroyForcibly();
                process.onExit().completeOnTimeout(process, 2, TimeUnit.SECONDS).join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        EmbeddedRedisServer.stopLeftover(redisDirectory())
                .ifPresent(pid -> stopped.add("Redis (pid " + pid + ")"));
        stopLeftoverClusterNodes().forEach(pid -> stopped.add("Redis Cluster node (pid " + pid + ")"));
        if (Files.isRegularFile(postgresDirectory().resolve("postmaster.pid"))) {
            EmbeddedPostgresServer.stopLeftover(postgresDirectory(), PG_STOP_GRACE)
                    .ifPresent(pid -> stopped.add("PostgreSQL (pid " + pid + ")"));
        }
        if (!stopped.isEmpty()) {
            log.warn("An earlier local stack on {} did not stop (killed or crashed) and left {} running; stopped "
                    + "them, starting afresh", options.dataDirectory(), String.join(", ", stopped));
        }
    }

    private static Optional<ProcessHandle> liveProcess(String pid, String startInstant) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().startInstant().map(Object::toString).orElse("-")
                            .equals(startInstant));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Every port the stack listens on must be free before anything starts. */
    private void checkPortsFree() {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(options.demoPort(), "the demo page");
        for (Map.Entry<String, Integer> service : Map.of(
                "identity-service", options.identityPort(),
                "ingestor-service", options.ingestorPort(),
                "event-logger-service", options.eventLoggerPort(),
                "risk-engine-service", options.riskEnginePort()).entrySet()) {
            String previous = ports.putIfAbsent(service.getValue(), service.getKey());
            if (previous != null) {
                throw new StartRefused("Port " + service.getValue() + " is given to both " + previous + " and "
                        + service.getKey() + "; see --ports");
            }
        }
        for (Map.Entry<Integer, String> port : ports.entrySet()) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(port.getKey()));
            } catch (IOException e) {
                throw new StartRefused("Port " + port.getKey() + " (" + port.getValue()
                        + ") is already in use by another process; stop it, or choose other ports with --ports");
            }
        }
    }

    private static final List<String> SERVICES = List.of("identity-service", "ingestor-service",
            "event-logger-service", "risk-engine-service");

    private Path jar(String name) {
        return options.repo().resolve(name).resolve("target").resolve(name + "-0.1.0-SNAPSHOT-exec.jar");
    }

    private void checkServicesBuilt() {
        for (String name : SERVICES) {
            if (!Files.isRegularFile(jar(name))) {
                throw new StartRefused(name + " is not built: " + jar(name)
                        + " is missing. Build first: ./mvnw -DskipTests package");
            }
        }
    }

    /** Records this launcher and its service JVMs in the data directory. */
    private void writePidFile() {
        List<String> lines = new ArrayList<>();
        ProcessHandle self = ProcessHandle.current();
        lines.add("launcher " + self.pid() + " " + self.info().startInstant().map(Object::toString).orElse("-"));
        synchronized (services) {
            for (ServiceProcess service : services.values()) {
                lines.add(service.name() + " " + service.pid() + " " + service.startInstant());
            }
        }
        Path file = options.dataDirectory().resolve(PID_FILE);
        try {
            Files.createDirectories(options.dataDirectory());
            Files.write(file, lines);
            ownsDataDirectory = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void startServices() {
        RedisEndpoint redis = redis();
        EmbeddedRedisCluster cluster = redisCluster;
        List<String> bus = cluster != null
                ? List.of("--spring.data.redis.cluster.nodes=" + cluster.nodesProperty())
                : List.of("--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port());
        String jwks = "--bb.security.jwt.jwk-set-uri=" + options.identityUrl() + "/.well-known/jwks.json";
        String demoOrigin = "http://localhost:" + options.demoPort();

        start("identity-service", options.identityPort(), "256m", concat(database("identity-service"), bus,
                List.of("--bb.identity.allowed-origins=" + demoOrigin)), keyEncryptionKey());
        // On the cluster an ack waits for a replica's copy, so a failover loses no acked batch.
        // Service arguments that set the count reach the ingestor alone: Spring would join a
        // second value into one ("1,0") that the ingestor cannot read.
        List<String> durability = options.durabilityArgument().isEmpty() && options.durabilityReplicas() > 0
                ? List.of("--" + StackOptions.DURABILITY_REPLICAS + "=" + options.durabilityReplicas()) : List.of();
        start("ingestor-service", options.ingestorPort(), "512m", concat(bus, durability,
                List.of(jwks, "--bb.ingest.allowed-origins=" + demoOrigin)));
        // Trim the stream only past what both consumer groups have acknowledged.
        start("event-logger-service", options.eventLoggerPort(), "256m", concat(database("event-logger-service"), bus,
                List.of(jwks, "--bb.event-logger.trim.required-groups=event-logger,risk-engine")));
        start("risk-engine-service", options.riskEnginePort(), "768m", concat(database("risk-engine-service"), bus,
                List.of(jwks, "--bb.risk.cors.allowed-origins=" + demoOrigin)), modelSigningKey());
        for (ServiceProcess service : startedServices()) {
            service.awaitReady(READY_TIMEOUT, this::isClosing);
        }
        // Further instances (--replicas) once the first of each is up, so migrations ran once.
        List<ServiceProcess> replicas = new ArrayList<>();
        for (String name : SERVICES) {
            for (int instance = 2; instance <= options.instancesOf(name); instance++) {
                replicas.add(launchInstance(name, name + "-" + instance, Ports.free()));
            }
        }
        for (ServiceProcess replica : replicas) {
            replica.awaitReady(READY_TIMEOUT, this::isClosing);
        }
    }

    /** The HTTP ports of every running instance of {@code service}, the first instance's first. */
    public List<Integer> portsOf(String service) {
        synchronized (services) {
            return services.entrySet().stream()
                    .filter(e -> e.getKey().equals(service) || e.getKey().startsWith(service + "-"))
                    .sorted(Map.Entry.comparingByKey(Comparator.comparing(String::length)
                            .thenComparing(Comparator.naturalOrder())))
                    .map(e -> e.getValue().port()).toList();
        }
    }

    /** A snapshot of the services started so far; a stop may change the map meanwhile. */
    private List<ServiceProcess> startedServices() {
        synchronized (services) {
            return List.copyOf(services.values());
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

    /**
     * The Redis connection a service uses: on the embedded server as its own ACL user
     * ({@link RedisUsers}), on an external one as the URL says. The admin's is {@link #redis()}.
     */
    public RedisEndpoint redisOf(String service) {
        RedisEndpoint admin = redis();
        RedisUsers.Kept users = redisUsers;
        if (users == null) {
            return admin;
        }
        String user = RedisUsers.of(service);
        return admin.as(user, users.passwordOf(user));
    }

    /** The database connection a service uses; the superuser's is {@link #postgres()}. */
    public PostgresEndpoint databaseOf(String service) {
        PostgresEndpoint superuser = postgres();
        if (embeddedPostgres == null) {
            return superuser;
        }
        return new PostgresEndpoint(superuser.jdbcUrl(), DatabaseRoles.of(service).orElseThrow().name(), "");
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
                OwnerOnlyFiles.write(file, java.util.Base64.getEncoder().encodeToString(key));
            }
            return Map.of(variable, Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep " + variable + " in " + file, e);
        }
    }

    private void start(String name, int port, String heap, List<String> arguments, Map<String, String> secrets) {
        // Passwords and keys travel in the environment of the child, not on its command line.
        Path jar = jar(name);
        Map<String, String> environment = new java.util.HashMap<>(secrets);
        if (!postgres().password().isEmpty()) {
            environment.put("SPRING_DATASOURCE_PASSWORD", postgres().password());
        }
        RedisEndpoint bus = redisOf(name);
        if (bus.username() != null) {
            environment.put("SPRING_DATA_REDIS_USERNAME", bus.username());
        }
        if (bus.password() != null) {
            environment.put("SPRING_DATA_REDIS_PASSWORD", bus.password());
        }
        Launch launch = new Launch(jar, concat(List.of("-Xmx" + heap), options.jvmOptions()),
                concat(arguments, options.serviceArguments()), Map.copyOf(environment));
        launches.put(name, launch);
        step(() -> {
            ServiceProcess process = ServiceProcess.start(name, jar, port, launch.jvmOptions(), launch.arguments(),
                    launch.environment(), options.dataDirectory().resolve("logs"));
            synchronized (services) {
                services.put(name, process);
            }
            writePidFile();
        });
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
        PostgresEndpoint endpoint = postgres;
        if (endpoint == null) {
            throw new IllegalStateException("PostgreSQL is not started yet");
        }
        return endpoint;
    }

    public RedisEndpoint redis() {
        RedisEndpoint endpoint = redis;
        if (endpoint == null) {
            throw new IllegalStateException("Redis is not started yet");
        }
        return endpoint;
    }

    public Optional<EmbeddedPostgresServer> embeddedPostgres() {
        return Optional.ofNullable(embeddedPostgres);
    }

    public Optional<EmbeddedRedisServer> embeddedRedis() {
        return Optional.ofNullable(embeddedRedis);
    }

    /** The embedded Redis Cluster with {@code --redis-cluster}; {@link #redis()} is then its first node. */
    public Optional<EmbeddedRedisCluster> redisCluster() {
        return Optional.ofNullable(redisCluster);
    }

    /** Kills a service's JVM at once, as a crash would. */
    public void kill(String name) {
        ServiceProcess service;
        synchronized (services) {
            service = services.get(name);
        }
        if (service != null) {
            service.kill();
        }
    }

    /** Starts a service again, or another instance of it as {@code instance} on {@code port}; waits until ready. */
    public void startInstance(String name, String instance, int port) {
        ServiceProcess previous;
        synchronized (services) {
            previous = services.get(instance);
        }
        if (previous != null && previous.isAlive()) {
            throw new IllegalStateException(instance + " is still running");
        }
        launchInstance(name, instance, port).awaitReady(READY_TIMEOUT, this::isClosing);
    }

    /** Starts an instance of a service with the first instance's settings on {@code port}; does not wait. */
    private ServiceProcess launchInstance(String name, String instance, int port) {
        Launch launch = launches.get(name);
        if (launch == null) {
            throw new IllegalArgumentException("unknown service " + name);
        }
        ServiceProcess[] started = new ServiceProcess[1];
        step(() -> {
            started[0] = ServiceProcess.start(instance, launch.jar(), port, launch.jvmOptions(),
                    launch.arguments(), launch.environment(), options.dataDirectory().resolve("logs"));
            synchronized (services) {
                services.put(instance, started[0]);
            }
            writePidFile();
        });
        return started[0];
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
        ServiceProcess service;
        synchronized (services) {
            service = services.get(instance);
        }
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
                %sPress Ctrl-C to stop everything.
                """.formatted(options.demoUrl(), options.identityUrl(), options.identityUrl(), options.identityUrl(),
                options.ingestUrl(), metricsUrls(), options.riskUrl(), options.riskUrl(), postgres().jdbcUrl(),
                redisAddress() + redisUsersNote(), options.dataDirectory().resolve("logs"), replicasNote());
    }

    private String redisAddress() {
        EmbeddedRedisCluster cluster = redisCluster;
        return cluster == null ? redis().address() : "cluster (3 masters, 3 replicas) " + cluster.nodesProperty();
    }

    /** The ports of every instance, for services that run more than one (--replicas). */
    private String replicasNote() {
        List<String> lines = new ArrayList<>();
        for (String name : SERVICES) {
            List<Integer> ports = portsOf(name);
            if (ports.size() > 1) {
                lines.add("  %-16s ports %s%n".formatted(name.replace("-service", ""), ports));
            }
        }
        return lines.isEmpty() ? "" : "Instances (same APIs on each port):%n".formatted() + String.join("", lines);
    }

    private String redisUsersNote() {
        return redisUsers == null ? "" : "   (one ACL user per service; " + RedisUsers.ADMIN + "'s password in "
                + options.dataDirectory().resolve(RedisUsers.PASSWORDS) + ")";
    }

    /** Each service's Prometheus endpoint, on its management port (loopback only, no token). */
    private String metricsUrls() {
        List<String> urls = new ArrayList<>();
        for (ServiceProcess service : startedServices()) {
            urls.add("http://127.0.0.1:" + service.managementPort() + "/actuator/prometheus  (" + service.name() + ")");
        }
        return String.join("\n                   ", urls);
    }

    /**
     * Stops the demo page, the services (SIGTERM in parallel, killed after
     * {@link ServiceProcess#STOP_GRACE}) and then Redis and PostgreSQL (in parallel, each
     * bounded): within about 15 s in all. Safe to call more than once, from any thread, and
     * on a stack whose start failed or is still in progress.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        boolean locked = false;
        try {
            // A server that is coming up right now is only known once its step ends.
            locked = starting.tryLock(STEP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            stopEverything();
        } finally {
            if (locked) {
                starting.unlock();
            }
        }
    }

    private void stopEverything() {
        DemoServer page = demo;
        if (page != null) {
            page.close();
            demo = null;
        }
        List<ServiceProcess> running;
        synchronized (services) {
            running = List.copyOf(services.values());
            services.clear();
        }
        List<Thread> stopping = new ArrayList<>();
        for (ServiceProcess service : running) {
            stopping.add(Thread.ofVirtual().start(service::close));
        }
        joinAll(stopping);
        if (ownsDataDirectory) {
            stopping.clear();
            stopping.add(Thread.ofVirtual().start(() -> {
                EmbeddedRedisServer server = embeddedRedis;
                EmbeddedRedisCluster cluster = redisCluster;
                if (server != null) {
                    server.stop();
                } else if (cluster != null) {
                    cluster.stop();
                } else if (options.redisCluster()) {
                    stopLeftoverClusterNodes(); // was forming when the stop came
                } else if (options.redisUrl() == null) {
                    EmbeddedRedisServer.stopLeftover(redisDirectory()); // was starting when the stop came
                }
            }));
            stopping.add(Thread.ofVirtual().start(() -> {
                EmbeddedPostgresServer server = embeddedPostgres;
                try {
                    if (server != null) {
                        server.stop(PG_STOP_GRACE);
                    } else if (options.postgresUrl() == null) {
                        EmbeddedPostgresServer.stopLeftover(postgresDirectory(), PG_STOP_GRACE);
                    }
                } catch (RuntimeException e) {
                    log.warn("PostgreSQL did not stop cleanly: {}", e.getMessage());
                }
            }));
            joinAll(stopping);
            try {
                Files.deleteIfExists(options.dataDirectory().resolve(PID_FILE));
            } catch (IOException e) {
                log.warn("could not delete {}: {}", options.dataDirectory().resolve(PID_FILE), e.getMessage());
            }
            if (!options.durable()) {
                discardData(options.dataDirectory());
            }
            log.info("Local stack stopped");
        }
    }

    /**
     * Deletes a stopped throw-away stack's data (the servers' files, about 1 GB after a
     * benchmark, and its generated secrets) and keeps its logs for whoever reads a failure.
     */
    public static void discardData(Path dataDirectory) {
        try (var children = Files.list(dataDirectory)) {
            for (Path child : children.filter(c -> !c.getFileName().toString().equals("logs")).toList()) {
                deleteRecursively(child);
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not delete the data in {}: {}", dataDirectory, e.getMessage());
        }
    }

    private static void joinAll(List<Thread> threads) {
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
