package io.behavioralbiometrics.localstack.benchmark;

import io.behavioralbiometrics.core.bus.EventStreams;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.core.event.ServerFrame;
import io.behavioralbiometrics.localstack.LocalStack;
import io.behavioralbiometrics.localstack.StackClient;
import io.behavioralbiometrics.localstack.StackOptions;
import io.behavioralbiometrics.localstack.SyntheticMouse;
import io.behavioralbiometrics.testsupport.Ports;
import io.behavioralbiometrics.testsupport.PostgresEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Throughput of the whole ingest path, not a test: many real WebSocket clients on
 * loopback stream batches through the ingestor, Redis and the event logger into
 * PostgreSQL, and the same rows are also inserted straight into PostgreSQL with JDBC
 * batching, so the pipeline's cost is a ratio on the same machine and database.
 * <p>
 * {@code ./mvnw -q -Pbench -DskipTests package [-Dbench.args="--sockets 1000 --batches 10 --events 50 --in-flight 4
 * --warmup-batches 2 --redis-cluster --shards 4 --loggers 2 --durability-replicas 1"]}
 * <p>
 * The topology options, none of which is set by default (one Redis, one stream shard, one
 * event logger, acks without {@code WAIT}): {@code --redis-cluster} runs on the launcher's
 * embedded Redis Cluster of 3 masters and 3 replicas, with {@value StackOptions#CLUSTER_SHARDS}
 * stream shards unless {@code --shards} says otherwise; {@code --shards N} is
 * {@code bb.streams.shards}; {@code --loggers N} starts N event-logger instances;
 * {@code --durability-replicas 0|1} is the ingestor's {@code bb.ingest.durability.replicas}
 * (1 is the cluster's default, and needs the cluster: one Redis has no replica to wait for).
 * The table's first row names the topology measured.
 */
public final class IngestBenchmark {


    private IngestBenchmark() {
    }

    private static final String LOGGER = "event-logger-service";
    /** One series of the counter; label values are quoted, as a shard's stream name has braces ({@code bb:events:{0}}). */
    private static final Pattern PERSISTED = Pattern.compile(
            "^bb_events_persisted(?:_events)?_total\\{(?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*\")*} ([0-9.eE+]+)$",
            Pattern.MULTILINE);

    record Settings(int sockets, int batchesPerSocket, int eventsPerBatch, int inFlight, int warmupBatches,
            int users, Topology topology) {
        long events() {
            return (long) sockets * batchesPerSocket * eventsPerBatch;
        }

        Settings warmup() {
            return new Settings(sockets, warmupBatches, eventsPerBatch, inFlight, 0, users, topology);
        }
    }

    /**
     * What the stack runs on. Unset options leave the launcher's defaults alone, so a run
     * without them measures the same stack as before they existed.
     *
     * @param shards             {@code --shards}, or null: 1, or {@value StackOptions#CLUSTER_SHARDS} on the cluster
     * @param durabilityReplicas {@code --durability-replicas}, or null: the launcher's choice
     */
    record Topology(boolean redisCluster, @Nullable Integer shards, int loggers, @Nullable Integer durabilityReplicas) {

        EventStreams streams() {
            return new EventStreams(shards != null ? shards : redisCluster ? StackOptions.CLUSTER_SHARDS : 1);
        }

        /** The settings every service gets, as the launcher passes {@code --stream-shards}. */
        List<String> serviceArguments() {
            List<String> arguments = new ArrayList<>();
            if (shards != null || redisCluster) {
                arguments.add("--bb.streams.shards=" + streams().shards());
            }
            if (durabilityReplicas != null) {
                arguments.add("--bb.ingest.durability.replicas=" + durabilityReplicas);
            }
            return arguments;
        }

        StackOptions applyTo(StackOptions options) {
            StackOptions topology = redisCluster ? options.withRedisCluster() : options;
            return loggers > 1 ? topology.withReplicas(StackOptions.replicas("event-logger=" + loggers)) : topology;
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = parse(args);
        Path data = Files.createTempDirectory("bb-bench-");
        Topology topology = settings.topology();
        StackOptions options = topology.applyTo(stackOptions(data, settings.sockets(), settings.inFlight(),
                topology.serviceArguments()));
        System.out.printf("Starting the stack (data %s)…%n", data);
        try (LocalStack stack = LocalStack.start(options)) {
            EventStreams streams = topology.streams();
            List<BehavioralEvent> sample = sample();
            @Nullable Result cold = null;
            if (settings.warmupBatches() > 0) {
                // Both sides are measured warm, as a deployment runs: the services' JIT
                // compilation of the hot paths is not charged to the pipeline, nor the
                // driver's to the raw insert.
                Settings warmup = settings.warmup();
                System.out.printf("Warming up with %,d events (not measured)…%n", warmup.events());
                cold = endToEnd(warmup, options, signUp(options, warmup.users()), sample, stack, streams);
                rawInsertRowsPerSecond(stack.postgres(), warmup.events(), sample);
            }
            List<StackClient.Session> users = signUp(options, settings.users());
            // Each logger's share, read around the measured run only when there are several.
            boolean severalLoggers = stack.portsOf(LOGGER).size() > 1;
            Map<String, Double> persistedBefore = severalLoggers ? persistedPerLogger(stack) : Map.of();
            Result e2e = endToEnd(settings, options, users, sample, stack, streams);
            Map<String, Double> persistedAfter = severalLoggers ? persistedPerLogger(stack) : Map.of();
            double raw = rawInsertRowsPerSecond(stack.postgres(), settings.events(), sample);

            System.out.println();
            System.out.println("| measure | value |");
            System.out.println("| --- | --- |");
            System.out.printf("| topology | %s |%n", describe(stack, streams));
            System.out.printf("| sockets × batches × events (users) | %d × %d × %d = %,d events (%d user%s) |%n",
                    settings.sockets(), settings.batchesPerSocket(), settings.eventsPerBatch(), settings.events(),
                    settings.users(), settings.users() == 1 ? "" : "s");
            System.out.printf("| raw PostgreSQL batched insert (same rows, same database) | %,.0f rows/s |%n", raw);
            System.out.printf("| end-to-end, client send → row committed | %,.0f events/s |%n", e2e.eventsPerSecond());
            System.out.printf("| ratio end-to-end / raw | %.2f |%n", e2e.eventsPerSecond() / raw);
            if (cold != null) {
                System.out.printf("| warm-up on the cold stack, end-to-end (not in the ratio) | %,.0f events/s |%n",
                        cold.eventsPerSecond());
            }
            System.out.printf("| ack latency p50 / p99 | %.1f ms / %.1f ms |%n", e2e.ackP50(), e2e.ackP99());
            System.out.printf("| send → committed p99 | %.0f ms |%n", e2e.committedP99());
            System.out.printf("| refused and re-sent / lost / duplicated | %d / %d / %d |%n", e2e.errors(), e2e.lost(), e2e.duplicated());
            if (severalLoggers) {
                List<String> shares = new ArrayList<>();
                persistedAfter.forEach((instance, after) -> shares.add(String.format("%,.0f",
                        after - persistedBefore.getOrDefault(instance, 0.0))));
                System.out.printf("| stored per event logger (bb.events.persisted, re-deliveries included) | %s |%n",
                        String.join(" / ", shares));
            }
        } finally {
            LocalStack.discardData(data);
        }
        System.exit(0);
    }

    /**
     * The stack on free ports with limits that let one user open every socket and send at
     * full speed, and the services on the JVM's defaults: measured as deployed (the images
     * run those), not with the launcher's quick-start settings.
     */
    static StackOptions stackOptions(Path data, int sockets, int inFlight, List<String> extraArguments) {
        List<String> arguments = new ArrayList<>(List.of(
                "--bb.ingest.max-connections-per-user=" + (sockets + 10),
                "--bb.ingest.events-per-second=100000",
                "--bb.ingest.event-burst=100000",
                "--bb.ingest.max-in-flight=" + (inFlight + 2),
                // --users signs up more than identity lets one address register per hour.
                "--bb.identity.throttle.registration.per-address=100000",
                "--logging.level.root=WARN"));
        arguments.addAll(extraArguments);
        return StackOptions.defaults(Path.of(System.getProperty("bench.repo", "..")).toAbsolutePath().normalize())
                .withPorts(Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free())
                .withDataDirectory(data, true)
                .withJvmOptions(List.of())
                .withServiceArguments(arguments);
    }

    /** Fresh users, logged in; socket i streams as user i mod n, so n users spread over the shards. */
    static List<StackClient.Session> signUp(StackOptions options, int users) {
        List<StackClient.Session> sessions = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            sessions.add(signUp(options));
        }
        return sessions;
    }

    /** A fresh user, logged in. */
    static StackClient.Session signUp(StackOptions options) {
        StackClient client = new StackClient(options);
        String email = "bench-" + UUID.randomUUID() + "@example.com";
        client.register(email, "benchmark passphrase");
        return client.login(email, "benchmark passphrase");
    }

    /** Mouse movements the batches are cut from. */
    static List<BehavioralEvent> sample() {
        return new SyntheticMouse(SyntheticMouse.Profile.ALICE, 1, Instant.now().toEpochMilli()).movements(40);
    }

    record Result(double eventsPerSecond, double ackP50, double ackP99, double committedP99, long errors, long lost,
            long duplicated) {
    }

    /** The topology row: what was started, read back from the stack where it can be. */
    static String describe(LocalStack stack, EventStreams streams) {
        int shards = streams.shards();
        int loggers = stack.portsOf(LOGGER).size();
        int replicas = stack.options().durabilityReplicas();
        return String.format("%s, %d shard%s, %d event logger%s, %s",
                stack.redisCluster().isPresent() ? "Redis Cluster 3+3" : "single Redis", shards, shards == 1 ? "" : "s",
                loggers, loggers == 1 ? "" : "s", replicas == 0 ? "acks without WAIT" : "acks after WAIT " + replicas);
    }

    /**
     * {@code bb.events.persisted} of every event-logger instance (all shards), from its
     * management port, the first instance first; the run's share of each is the difference
     * of two readings. The logger counts a chunk before acknowledging it, so once the group
     * has caught up the counters hold everything stored.
     */
    static Map<String, Double> persistedPerLogger(LocalStack stack) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Double> persisted = new LinkedHashMap<>();
        int instances = stack.portsOf(LOGGER).size();
        for (int instance = 1; instance <= instances; instance++) {
            String name = instance == 1 ? LOGGER : LOGGER + "-" + instance;
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + stack.managementPort(name) + "/actuator/prometheus")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            double sum = 0;
            Matcher matcher = PERSISTED.matcher(response.body());
            while (matcher.find()) {
                sum += Double.parseDouble(matcher.group(1));
            }
            persisted.put(name, sum);
        }
        return persisted;
    }

    private static Result endToEnd(Settings settings, StackOptions options, List<StackClient.Session> users,
            List<BehavioralEvent> sample, LocalStack stack, EventStreams streams) throws Exception {
        List<UUID> userIds = users.stream().map(StackClient.Session::userId).toList();
        PostgresEndpoint postgres = stack.postgres();
        EventCodec codec = new EventCodec();
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Instant> sentAt = new ConcurrentHashMap<>();
        List<Long> ackNanos = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();

        System.out.printf("Opening %d WebSockets…%n", settings.sockets());
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < settings.sockets(); i++) {
            Connection connection = new Connection(UUID.randomUUID(), settings, codec, sample, sentAt, ackNanos, errors);
            WebSocket socket = http.newWebSocketBuilder()
                    .subprotocols("bb.v1", "bearer." + users.get(i % users.size()).accessToken())
                    .header("Origin", "http://localhost:" + options.demoPort())
                    .connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(URI.create(options.ingestUrl()), connection).get(60, TimeUnit.SECONDS);
            connection.socket = socket;
            sockets.add(socket);
            connections.add(connection);
        }
        System.out.printf("Streaming %,d events…%n", settings.events());
        Instant start = Instant.now();
        for (Connection connection : connections) {
            done.add(CompletableFuture.runAsync(connection::run, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
        Instant allAcked = Instant.now();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        try (LoggerProgress progress = new LoggerProgress(stack, streams)) {
            while (!progress.caughtUp() && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
        }
        Instant committed = Instant.now();
        long stored = count(postgres, userIds);
        System.out.printf("All acked after %d ms, all committed after %d ms%n", Duration.between(start, allAcked).toMillis(),
                Duration.between(start, committed).toMillis());
        for (WebSocket socket : sockets) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }

        List<Double> committedLatency = new ArrayList<>();
        try (java.sql.Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             PreparedStatement query = db.prepareStatement("""
                     SELECT session_id, batch_seq, max(stored_at) FROM events.behavioral_events
                     WHERE user_id = ANY(?) GROUP BY session_id, batch_seq""")) {
            query.setArray(1, db.createArrayOf("uuid", userIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Instant sent = sentAt.get(rows.getObject(1) + "/" + rows.getLong(2));
                    Timestamp storedAt = rows.getTimestamp(3);
                    if (sent != null && storedAt != null) {
                        committedLatency.add((double) Duration.between(sent, storedAt.toInstant()).toMillis());
                    }
                }
            }
        }
        long distinct = distinctCount(postgres, userIds);
        double seconds = Duration.between(start, committed).toNanos() / 1e9;
        return new Result(stored / seconds, percentile(ackNanos, 0.50) / 1e6, percentile(ackNanos, 0.99) / 1e6,
                percentileOf(committedLatency, 0.99), errors.get(), Math.max(0, settings.events() - distinct),
                stored - distinct);
    }

    /** One socket sending its batches as fast as the window allows. */
    static final class Connection extends BenchSocket {
        private final Settings settings;
        private final Map<String, Instant> sentAt;
        private final List<Long> ackNanos;
        private final AtomicLong errors;
        private final CompletableFuture<Void> finished = new CompletableFuture<>();
        private final AtomicLong acked = new AtomicLong();

        Connection(UUID sessionId, Settings settings, EventCodec codec, List<BehavioralEvent> sample,
                Map<String, Instant> sentAt, List<Long> ackNanos, AtomicLong errors) {
            super(sessionId, codec, sample, settings.eventsPerBatch(), settings.inFlight());
            this.settings = settings;
            this.sentAt = sentAt;
            this.ackNanos = ackNanos;
            this.errors = errors;
        }

        void run() {
            try {
                for (long seq = 0; seq < settings.batchesPerSocket(); seq++) {
                    send(seq);
                }
                finished.get(20, TimeUnit.MINUTES);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        void sending(long seq) {
            sentAt.put(sessionId() + "/" + seq, Instant.now());
        }

        @Override
        void acked(long seq, long latencyNanos) {
            ackNanos.add(latencyNanos);
            if (acked.incrementAndGet() == settings.batchesPerSocket()) {
                finished.complete(null);
            }
        }

        @Override
        void refused() {
            errors.incrementAndGet();
        }

        @Override
        void failed(ServerFrame.Error error) {
            errors.incrementAndGet();
            finished.completeExceptionally(new IllegalStateException(error.toString()));
        }
    }

    /** The same rows straight into PostgreSQL: JDBC batches of 500, committed per 5,000. */
    private static double rawInsertRowsPerSecond(PostgresEndpoint postgres, long rows, List<BehavioralEvent> sample)
            throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", postgres.username());
        properties.setProperty("password", postgres.password());
        properties.setProperty("reWriteBatchedInserts", "true");
        try (java.sql.Connection db = DriverManager.getConnection(postgres.jdbcUrl(), properties)) {
            try (Statement ddl = db.createStatement()) {
                ddl.execute("DROP TABLE IF EXISTS events.raw_insert_benchmark");
                ddl.execute("CREATE TABLE events.raw_insert_benchmark (LIKE events.behavioral_events INCLUDING ALL)");
            }
            db.setAutoCommit(false);
            UUID user = UUID.randomUUID();
            UUID sessionId = UUID.randomUUID();
            long start = System.nanoTime();
            try (PreparedStatement insert = db.prepareStatement("""
                    INSERT INTO events.raw_insert_benchmark
                      (id, user_id, session_id, batch_seq, idx, event_type, client_time, x, y, button, dy, code, received_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (user_id, session_id, batch_seq, idx) DO NOTHING""")) {
                Timestamp now = Timestamp.from(Instant.now());
                for (long i = 0; i < rows; i++) {
                    BehavioralEvent event = sample.get((int) (i % sample.size()));
                    // Ids assigned here, not even a sequence call: a slightly stricter baseline than the logger.
                    insert.setLong(1, i + 1);
                    insert.setObject(2, user);
                    insert.setObject(3, sessionId);
                    insert.setLong(4, i / 50);
                    insert.setInt(5, (int) (i % 50));
                    insert.setString(6, event.type().wireName());
                    insert.setDouble(7, event.t());
                    insert.setObject(8, event.x());
                    insert.setObject(9, event.y());
                    insert.setObject(10, event.button() == null ? null : event.button().shortValue());
                    insert.setObject(11, event.dy());
                    insert.setString(12, event.code());
                    insert.setTimestamp(13, now);
                    insert.addBatch();
                    if ((i + 1) % 500 == 0) {
                        insert.executeBatch();
                    }
                    if ((i + 1) % 5000 == 0) {
                        db.commit();
                    }
                }
                insert.executeBatch();
                db.commit();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            try (Statement ddl = db.createStatement()) {
                ddl.execute("DROP TABLE events.raw_insert_benchmark");
                db.commit();
            }
            return rows / seconds;
        }
    }

    static long count(PostgresEndpoint postgres, UUID user) throws Exception {
        return count(postgres, List.of(user));
    }

    static long distinctCount(PostgresEndpoint postgres, UUID user) throws Exception {
        return distinctCount(postgres, List.of(user));
    }

    static long count(PostgresEndpoint postgres, List<UUID> users) throws Exception {
        return scalar(postgres, "SELECT count(*) FROM events.behavioral_events WHERE user_id = ANY(?)", users);
    }

    static long distinctCount(PostgresEndpoint postgres, List<UUID> users) throws Exception {
        return scalar(postgres, """
                SELECT count(*) FROM (SELECT DISTINCT user_id, session_id, batch_seq, idx
                FROM events.behavioral_events WHERE user_id = ANY(?)) d""", users);
    }

    private static long scalar(PostgresEndpoint postgres, String sql, List<UUID> users) throws Exception {
        try (java.sql.Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             PreparedStatement query = db.prepareStatement(sql)) {
            query.setArray(1, db.createArrayOf("uuid", users.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static double percentile(List<Long> values, double p) {
        synchronized (values) {
            return percentileOf(values.stream().map(Long::doubleValue).toList(), p);
        }
    }

    private static double percentileOf(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    static final String USAGE = """
            Options (-Dbench.args="…"):
              --sockets N               WebSocket clients (default 1000)
              --batches N               batches each socket sends (default 10)
              --events N                events per batch (default 50)
              --in-flight N             unacknowledged batches per socket (default 4)
              --warmup-batches N        batches per socket of the unmeasured warm-up (default 2)
              --users N                 users the sockets stream as, socket i as user i mod N (default 1);
                                        with shards, many users spread the load over them
              --redis-cluster           an embedded Redis Cluster of 3 masters and 3 replicas (default one Redis)
              --shards N                stream shards, bb.streams.shards (default 1; %d with --redis-cluster)
              --loggers N               event-logger instances (default 1)
              --durability-replicas 0|1 the ingestor's bb.ingest.durability.replicas (default 0; 1 with
                                        --redis-cluster, which 1 needs)
            """.formatted(StackOptions.CLUSTER_SHARDS);

    static Settings parse(String[] args) {
        Map<String, String> values = new HashMap<>(Map.of("--sockets", "1000", "--batches", "10", "--events", "50",
                "--in-flight", "4", "--warmup-batches", "2", "--loggers", "1", "--users", "1"));
        boolean redisCluster = false;
        List<String> rest = new ArrayList<>(Arrays.stream(args).filter(a -> !a.isBlank()).toList());
        while (!rest.isEmpty()) {
            String option = rest.removeFirst();
            if (option.equals("--redis-cluster")) {
                redisCluster = true;
            } else if (values.containsKey(option) || option.equals("--shards") || option.equals("--durability-replicas")) {
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
                }
                values.put(option, rest.removeFirst());
            } else {
                throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        @Nullable Integer shards = values.containsKey("--shards") ? number(values, "--shards") : null;
        if (shards != null) {
            new EventStreams(shards); // refused here, not by three services at once
        }
        int loggers = number(values, "--loggers");
        try {
            StackOptions.replicas("event-logger=" + loggers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--loggers " + loggers + ": " + e.getMessage(), e);
        }
        @Nullable Integer durability = values.containsKey("--durability-replicas")
                ? number(values, "--durability-replicas") : null;
        if (durability != null && durability != 0 && durability != 1) {
            throw new IllegalArgumentException("--durability-replicas takes 0 or 1, not " + durability);
        }
        if (durability != null && durability == 1 && !redisCluster) {
            // Every batch would wait out the replica wait, be refused and be re-sent, forever.
            throw new IllegalArgumentException("--durability-replicas 1 needs --redis-cluster: one Redis has no replica");
        }
        return new Settings(number(values, "--sockets"), number(values, "--batches"), number(values, "--events"),
                number(values, "--in-flight"), number(values, "--warmup-batches"), number(values, "--users"),
                new Topology(redisCluster, shards, loggers, durability));
    }

    private static int number(Map<String, String> values, String option) {
        try {
            return Integer.parseInt(values.get(option).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, not " + values.get(option) + "\n" + USAGE);
        }
    }
}
