package io.behavioralbiometrics.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.testsupport.PostgresEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole system as a newcomer starts it: every service in its own JVM on real
 * PostgreSQL and Redis, driven through its public APIs only.
 */
@ExtendWith(RunningStack.class)
class LocalStackEndToEndTests {

    @Test
    void registerLoginStreamPersistTrainAndScore() throws Exception {
        LocalStack stack = RunningStack.get();
        StackClient client = new StackClient(stack.options());
        String email = "e2e-" + UUID.randomUUID() + "@example.com";
        client.register(email, "a long enough passphrase");
        StackClient.Session session = client.login(email, "a long enough passphrase");

        List<BehavioralEvent> events = new SyntheticMouse(SyntheticMouse.Profile.ALICE, 7,
                Instant.now().toEpochMilli() - 600_000).movements(60);
        UUID sessionId = UUID.randomUUID();
        try (StackClient.Ingest ingest = client.connect(session)) {
            ingest.stream(sessionId, events, 50, Duration.ofSeconds(60));
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(storedEvents(stack.postgres(), session.userId())).isEqualTo(events.size()));

        StackClient.Reply trained = client.train(session);
        assertThat(trained.status()).as("train: %s", trained.body()).isEqualTo(200);
        assertThat(trained.body().path("status").asString()).isEqualTo("success");
        assertThat(trained.body().path("events_processed").asInt()).isEqualTo(events.size());

        List<BehavioralEvent> sameOwner = new SyntheticMouse(SyntheticMouse.Profile.ALICE, 8,
                Instant.now().toEpochMilli()).movements(20);
        StackClient.Reply scored = client.score(session, sameOwner);
        assertThat(scored.status()).as("score: %s", scored.body()).isEqualTo(200);
        assertThat(scored.body().path("risk").asDouble()).isBetween(0.0, 1.0);
        assertThat(scored.body().path("windows").asInt()).isPositive();
        assertThat(scored.body().path("modelVersion").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void simulationShowsImpostorRiskAboveGenuineRisk() {
        LocalStack stack = RunningStack.get();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        Simulation.Result result = new Simulation(stack.options(), new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

        assertThat(result.impostorRisk()).as(printed.toString(StandardCharsets.UTF_8))
                .isGreaterThan(result.genuineRisk() + 0.2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("genuine", "impostor");
    }

    static long storedEvents(PostgresEndpoint postgres, UUID userId) throws Exception {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM events.behavioral_events WHERE user_id = ?")) {
            query.setObject(1, userId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
