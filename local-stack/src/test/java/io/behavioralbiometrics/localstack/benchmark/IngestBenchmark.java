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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Throughput of the whole ingest path, not a test: many real WebSocket clients on
 * loopback stream batches through the ingestor, Redis and the event logger into
 * PostgreSQL, and the same rows are also inserted straight into PostgreSQL with JDBC
 * batching, so the pipeline's cost is a ratio on the same machine and database.
 * <p>
 * {@code ./mvnw -q -Pbench -DskipTests package [-Dbench.args="--sockets 1000 --batches 10 --events 50 --warmup-batches 2"]}
 */
public final class IngestBenchmark {


    private IngestBenchmark() {
    }

    record Settings(int sockets, int batchesPerSocket, int eventsPerBatch, int inFlight, int warmupBatches) {
        long events() {
            return (long) sockets * batchesPerSocket * eventsPerBatch;
        }

        Settings warmup() {
            return new Settings(sockets, warmupBatches, eventsPerBatch, inFlight, 0);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = parse(args);
        Path data = Files.createTempDirectory("bb-bench-");
        StackOptions options = stackOptions(data, settings.sockets(), settings.inFlight(), List.of());
        System.out.printf("Starting the stack (data %s)…%n", data);
        try (LocalStack stack = LocalStack.start(options)) {
            List<BehavioralEvent> sample = sample();
            @Nullable Result cold = null;
            if (settings.warmupBatches() > 0) {
                // Both sides are measured warm, as a deployment runs: the services' JIT
                // compilation of the hot paths is not charged to the pipeline, nor the
                // driver's to the raw insert.
                Settings warmup = settings.warmup();
                System.out.printf("Warming up with %,d events (not measured)…%n", warmup.events());
                cold = endToEnd(warmup, options, signUp(options), sample, stack);
                rawInsertRowsPerSecond(stack.postgres(), warmup.events(), sample);
            }
            StackClient.Session session = signUp(options);
            Result e2e = endToEnd(settings, options, session, sample, stack);
            double raw = rawInsertRowsPerSecond(stack.postgres(), settings.events(), sample);

            System.out.println();
            System.out.println("| measure | value |");
            System.out.println("| --- | --- |");
            System.out.printf("| sockets × batches × events | %d × %d × %d = %,d events |%n", settings.sockets(),
                    settings.batchesPerSocket(), settings.eventsPerBatch(), settings.events());
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
                "--logging.level.root=WARN"));
        arguments.addAll(extraArguments);
        return StackOptions.defaults(Path.of(System.getProperty("bench.repo", "..")).toAbsolutePath().normalize())
                .withPorts(Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free())
                .withDataDirectory(data, true)
                .withJvmOptions(List.of())
                .withServiceArguments(arguments);
    }

    /** A fresh user, logged in: every socket of a run streams as this user. */
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

    private static Result endToEnd(Settings settings, StackOptions options, StackClient.Session session,
            List<BehavioralEvent> sample, LocalStack stack) throws Exception {
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
                    .subprotocols("bb.v1", "bearer." + session.accessToken())
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
        try (LoggerProgress progress = new LoggerProgress(stack, EventStreams.single())) {
            while (!progress.caughtUp() && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
        }
        Instant committed = Instant.now();
        long stored = count(postgres, session.userId());
        System.out.printf("All acked after %d ms, all committed after %d ms%n", Duration.between(start, allAcked).toMillis(),
                Duration.between(start, committed).toMillis());
        for (WebSocket socket : sockets) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }

        List<Double> committedLatency = new ArrayList<>();
        try (java.sql.Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             PreparedStatement query = db.prepareStatement("""
                     SELECT session_id, batch_seq, max(stored_at) FROM events.behavioral_events
                     WHERE user_id = ? GROUP BY session_id, batch_seq""")) {
            query.setObject(1, session.userId());
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
        long distinct = distinctCount(postgres, session.userId());
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
        return scalar(postgres, "SELECT count(*) FROM events.behavioral_events WHERE user_id = ?", user);
    }

    static long distinctCount(PostgresEndpoint postgres, UUID user) throws Exception {
        return scalar(postgres, """
                SELECT count(*) FROM (SELECT DISTINCT session_id, batch_seq, idx
                FROM events.behavioral_events WHERE user_id = ?) d""", user);
    }

    private static long scalar(PostgresEndpoint postgres, String sql, UUID user) throws Exception {
        try (java.sql.Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             PreparedStatement query = db.prepareStatement(sql)) {
            query.setObject(1, user);
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

    private static Settings parse(String[] args) {
        Map<String, String> values = new HashMap<>(Map.of("--sockets", "1000", "--batches", "10", "--events", "50",
                "--in-flight", "4", "--warmup-batches", "2"));
        List<String> list = Arrays.stream(args).filter(a -> !a.isBlank()).toList();
        for (int i = 0; i + 1 < list.size(); i += 2) {
            values.put(list.get(i), list.get(i + 1));
        }
        return new Settings(Integer.parseInt(values.get("--sockets")), Integer.parseInt(values.get("--batches")),
                Integer.parseInt(values.get("--events")), Integer.parseInt(values.get("--in-flight")),
                Integer.parseInt(values.get("--warmup-batches")));
    }
}
