package io.behavioralbiometrics.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventBatch;
import io.behavioralbiometrics.testsupport.Ports;
import io.behavioralbiometrics.testsupport.PostgresEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults while 20,000 events stream through the real services (each in its own JVM, on
 * loopback): every acknowledged event ends up in PostgreSQL exactly once, unacknowledged
 * ones are re-sent by the client and end up there exactly once too, and services report
 * not-ready while a dependency is down and recover by themselves. Each scenario appends
 * a row to {@code target/fault-report.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceTests {

    private static final int BATCHES = 400;
    private static final int EVENTS_PER_BATCH = 50;
    private static final Path REPORT = Path.of("target", "fault-report.md");

    private static LocalStack stack;
    private static StackClient.Session session;

    @BeforeAll
    static void startStack() throws IOException {
        StackOptions options = StackOptions.defaults(Path.of("..").toAbsolutePath().normalize())
                .withPorts(Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free())
                .withDataDirectory(Files.createTempDirectory("bb-faults-"), false)
                // The client streams far faster than a person produces events; lift the per-connection
                // rate limit so re-sends count faults, not rate refusals. Claim a dead logger's entries soon.
                .withServiceArguments(List.of("--bb.ingest.events-per-second=100000", "--bb.ingest.event-burst=100000",
                        "--bb.event-logger.consumer.claim-min-idle=5s", "--bb.event-logger.consumer.claim-interval=2s"));
        stack = LocalStack.start(options);
        StackClient client = new StackClient(options);
        String email = "faults-" + UUID.randomUUID() + "@example.com";
        client.register(email, "fault tolerant passphrase");
        session = client.login(email, "fault tolerant passphrase");
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, """
                | fault | events sent | batches acked | events stored | duplicates | frames re-sent | reconnects | recovery |
                | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
                """);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void eventLoggerKilledAndRestarted() throws Exception {
        AtomicReference<Instant> recovered = new AtomicReference<>();
        scenario("event-logger killed (SIGKILL) and restarted", () -> {
            stack.kill("event-logger-service");
            pause(Duration.ofSeconds(2));
            stack.startInstance("event-logger-service", "event-logger-service", stack.options().eventLoggerPort());
            recovered.set(Instant.now());
        }, recovered);
    }

    @Test
    @Order(2)
    void redisRestartedWithAppendOnlyFile() throws Exception {
        AtomicReference<Instant> recovered = new AtomicReference<>();
        AtomicBoolean ingestorWasNotReady = new AtomicBoolean();
        scenario("Redis stopped and restarted (AOF on)", () -> {
            var redis = stack.embeddedRedis().orElseThrow();
            redis.stop();
            Instant until = Instant.now().plusSeconds(4);
            while (Instant.now().isBefore(until)) {
                if (!stack.isReady("ingestor-service")) {
                    ingestorWasNotReady.set(true);
                }
                pause(Duration.ofMillis(200));
            }
            redis.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> stack.isReady("ingestor-service"));
            recovered.set(Instant.now());
        }, recovered);
        assertThat(ingestorWasNotReady).as("ingestor reported not-ready while Redis was down").isTrue();
    }

    @Test
    @Order(3)
    void postgresStoppedAndRestarted() throws Exception {
        AtomicReference<Instant> recovered = new AtomicReference<>();
        AtomicBoolean loggerWasNotReady = new AtomicBoolean();
        scenario("PostgreSQL stopped and restarted", () -> {
            var postgres = stack.embeddedPostgres().orElseThrow();
            postgres.stop();
            Instant until = Instant.now().plusSeconds(5);
            while (Instant.now().isBefore(until)) {
                if (!stack.isReady("event-logger-service")) {
                    loggerWasNotReady.set(true);
                }
                pause(Duration.ofMillis(200));
            }
            postgres.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> stack.isReady("event-logger-service"));
            recovered.set(Instant.now());
        }, recovered);
        assertThat(loggerWasNotReady).as("event-logger reported not-ready while PostgreSQL was down").isTrue();
    }

    @Test
    @Order(4)
    void clientSocketCutMidStream() throws Exception {
        AtomicReference<Instant> recovered = new AtomicReference<>();
        AtomicReference<ResilientIngestClient> clientRef = new AtomicReference<>();
        scenario("client socket cut 3 times mid-stream", clientRef, () -> {
            for (int i = 0; i < 3; i++) {
                clientRef.get().cut();
                pause(Duration.ofMillis(300));
            }
            recovered.set(Instant.now());
        }, recovered);
    }

    @Test
    @Order(5)
    void twoEventLoggersAndOneDies() throws Exception {
        stack.startInstance("event-logger-service", "event-logger-service-2", Ports.free());
        AtomicReference<Instant> recovered = new AtomicReference<>();
        scenario("two event-loggers, one killed", () -> {
            stack.kill("event-logger-service-2");
            recovered.set(Instant.now());
        }, recovered);
    }

    private void scenario(String fault, Runnable injure, AtomicReference<Instant> recovered) throws Exception {
        scenario(fault, new AtomicReference<>(), injure, recovered);
    }

    private void scenario(String fault, AtomicReference<ResilientIngestClient> clientRef, Runnable injure,
            AtomicReference<Instant> recovered) throws Exception {
        UUID sessionId = UUID.randomUUID();
        List<EventBatch> batches = batches(sessionId);
        ResilientIngestClient client = new ResilientIngestClient(stack.options(), session.accessToken());
        clientRef.set(client);

        ResilientIngestClient.Report report = client.deliver(batches, 8, Duration.ofMinutes(5), BATCHES / 3, injure);

        long expected = (long) BATCHES * EVENTS_PER_BATCH;
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> count(stack.postgres(), sessionId, false) >= expected);
        Instant stored = Instant.now();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> count(stack.postgres(), sessionId, false) == expected);
        long rows = count(stack.postgres(), sessionId, false);
        long distinct = count(stack.postgres(), sessionId, true);
        Instant recoveredAt = recovered.get() == null ? stored : recovered.get();
        String row = "| %s | %,d | %d | %,d | %d | %d | %d | %.1f s |%n".formatted(fault, expected, BATCHES, rows,
                rows - distinct, report.resends(), report.reconnects(),
                Math.max(0, Duration.between(recoveredAt, stored).toMillis()) / 1000.0);
        Files.writeString(REPORT, row, java.nio.file.StandardOpenOption.APPEND);
        System.out.print(row);

        assertThat(rows).as("events stored for " + fault).isEqualTo(expected);
        assertThat(distinct).as("distinct events for " + fault).isEqualTo(expected);
    }

    private static List<EventBatch> batches(UUID sessionId) {
        List<BehavioralEvent> events = new SyntheticMouse(SyntheticMouse.Profile.ALICE, sessionId.getMostSignificantBits(),
                Instant.now().toEpochMilli()).movements(700);
        List<EventBatch> batches = new ArrayList<>();
        for (int seq = 0; seq < BATCHES; seq++) {
            int from = (seq * EVENTS_PER_BATCH) % (events.size() - EVENTS_PER_BATCH);
            batches.add(new EventBatch(sessionId, seq, events.subList(from, from + EVENTS_PER_BATCH)));
        }
        return batches;
    }

    private static long count(PostgresEndpoint postgres, UUID sessionId, boolean distinct) throws Exception {
        String sql = distinct
                ? "SELECT count(*) FROM (SELECT DISTINCT batch_seq, idx FROM events.behavioral_events WHERE user_id = ? AND session_id = ?) d"
                : "SELECT count(*) FROM events.behavioral_events WHERE user_id = ? AND session_id = ?";
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, session.userId());
            query.setObject(2, sessionId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            return -1; // PostgreSQL is down during a fault; the poll tries again
        }
    }

    private static void pause(Duration duration) {
        StackClient.pause(duration);
    }
}
