package io.behavioralbiometrics.risk;

import io.behavioralbiometrics.risk.live.SessionKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.risk.model.ModelHyperparameters;
import io.behavioralbiometrics.testsupport.ManagementEndpoints;
import io.behavioralbiometrics.testsupport.RealServersConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.stream.RecordId;

/**
 * The live consumer with automatic retraining off, the default: entries of a user without a
 * model are acknowledged without being decoded, the user is scored live as soon as a model
 * is trained, and a long session's risk aggregates the model's k windows (here, where its
 * thousands of live events cannot set off a retraining). This replica runs two consumers in
 * the group ({@code live.threads}).
 *
 * <p>Runs in its own surefire execution, so in its own JVM with its own embedded Redis: a
 * second cached context in the module's JVM would join the same consumer group and take
 * entries that the other context's tests wait for.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // A "no model" answer is trusted for 5 minutes: only a training on this replica can end it in time.
        // Two consumers in this replica, so every test here also runs with entries spread over both.
        properties = {"bb.risk.retraining.enabled=false", "bb.risk.models.absent-recheck=5m",
                "bb.risk.live.threads=2", "bb.risk.live.consumer-name=replica-a"})
@Import({RealServersConfiguration.class, EventsTableConfiguration.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveRiskWithoutRetrainingIntegrationTests extends RiskEngineIntegrationTest {

    private static final double START = 1_770_000_000_000d;

    private LiveStream live;

    @Autowired
    @Qualifier("liveConsumersHealthIndicator")
    HealthIndicator liveConsumers;

    @BeforeAll
    void listen() {
        live = new LiveStream(redis, CODEC);
    }

    @AfterAll
    void close() {
        live.close();
    }

    @Test
    void entriesOfAUserWithoutAModelShouldBeSkippedUndecodedAndAcknowledged() {
        UUID enrolling = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        double skipped = liveEntries("skipped");
        double poison = liveEntries("poison");

        RecordId valid = live.add(enrolling, session, 0, new SyntheticMouse(SyntheticMouse.CALM, 31, START).actions(5));
        // Not decoded, so not even an unreadable batch costs a decode or counts as poison here
        // (the event-logger dead-letters it).
        RecordId unreadable = live.add(Map.of(IngestedBatch.USER_ID, enrolling.toString(), IngestedBatch.EVENTS, "not json"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> live.assertHandled(unreadable));
        live.assertHandled(valid);
        assertThat(liveEntries("skipped")).isGreaterThanOrEqualTo(skipped + 2);
        assertThat(liveEntries("poison")).isEqualTo(poison);
        assertThat(redis.hasKey(SessionKeys.window(enrolling, session))).as("live window").isFalse();
        assertThat(get("/risk/sessions/" + session, TOKENS.accessToken(enrolling)).status()).isEqualTo(404);
    }

    @Test
    void aUserShouldBeScoredLiveAsSoonAsTheirModelIsTrained() throws InterruptedException {
        UUID dana = UUID.randomUUID();
        SyntheticMouse mouse = new SyntheticMouse(SyntheticMouse.CALM, 32, START);
        RecordId before = live.add(dana, UUID.randomUUID(), 0, mouse.actions(5));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> live.assertHandled(before));

        // The consumer now remembers "no model"; training on this replica must clear that at once.
        store(dana, UUID.randomUUID(), mouse.actions(60));
        assertThat(train(dana, TOKENS.accessToken(dana)).status()).isEqualTo(200);
        UUID session = UUID.randomUUID();
        double skipped = liveEntries("skipped");
        live.add(dana, session, 0, mouse.actions(5));

        assertThat(live.nextRiskUpdateFor(session, Duration.ofSeconds(10)).path("userId").asString())
                .isEqualTo(dana.toString());
        assertThat(liveEntries("skipped")).isEqualTo(skipped);
    }

    /**
     * A live session risk aggregates the model's k most recent windows, as the accuracy figures
     * assume, so the events kept per session must span k mouse actions at the SDK's 60 Hz
     * (this profile's actions take about 100 samples each).
     */
    @Test
    void liveRiskOfALongSessionShouldAggregateTheModelsLastKWindows() {
        SyntheticMouse mouse = new SyntheticMouse(SyntheticMouse.CALM, 28, START);
        UUID dora = trainedUser(mouse, 1, 60);
        UUID session = UUID.randomUUID();
        for (long seq = 0; seq < 10; seq++) {
            live.add(dora, session, seq, mouse.actions(3));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(live.pending()).isZero();
            Response stored = get("/risk/sessions/" + session, TOKENS.accessToken(dora));
            assertThat(stored.status()).isEqualTo(200);
            assertThat(stored.body().path("windows").asInt())
                    .isEqualTo(ModelHyperparameters.DEFAULTS.sessionWindows());
        });
    }

    @Test
    void eachConsumerThreadShouldBeAMemberOfTheGroupAndWatchedByLiveness() {
        // A member appears in the group once it was delivered an entry; blocked readers are served in turn.
        UUID enrolling = UUID.randomUUID();
        SyntheticMouse mouse = new SyntheticMouse(SyntheticMouse.CALM, 33, START);
        List<RecordId> entries = new ArrayList<>();
        for (int seq = 0; seq < 10; seq++) {
            entries.add(live.add(enrolling, UUID.randomUUID(), seq, mouse.actions(1)));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> entries.forEach(live::assertHandled));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                redis.opsForStream().consumers(BusNames.EVENTS_STREAM, BusNames.RISK_ENGINE_GROUP).stream()
                        .map(consumer -> consumer.consumerName()).toList())
                .contains("replica-a-0", "replica-a-1"));

        Health health = liveConsumers.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsOnlyKeys("replica-a-0", "replica-a-1");
        assertThat(ManagementEndpoints.get(managementPort, "/actuator/health/liveness").statusCode()).isEqualTo(200);
    }
}
