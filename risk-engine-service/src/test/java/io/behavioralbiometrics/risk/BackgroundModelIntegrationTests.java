package io.behavioralbiometrics.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.UserDeletion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.stream.MapRecord;
import tools.jackson.databind.JsonNode;

/**
 * Background models through the API on real PostgreSQL and Redis: enrolled users' feature
 * rows form the pool, a user's model learns against it once enough users are in it, an
 * erasure takes the user out of the pool and out of every model that learnt from them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackgroundModelIntegrationTests extends RiskEngineIntegrationTest {

    private static final double START = 1_770_000_000_000d;

    private final List<UUID> enrolled = new ArrayList<>();

    /** Six users with different ways of moving, each trained (and so in the pool). */
    @BeforeAll
    void sixUsersEnrol() {
        for (int u = 0; u < 6; u++) {
            SyntheticMouse.Profile profile = new SyntheticMouse.Profile(400 + 150 * u, 0.05 + 0.03 * u, 1 + 0.4 * u,
                    u % 2 == 0 ? 16.7 : 8.3, 100 + 15 * u, 500 + 80 * u, 0.5 + 0.05 * u);
            enrolled.add(trainedUser(new SyntheticMouse(profile, 100 + u, START), 3, 40));
        }
    }

    @Test
    void aUserTrainedWithEnoughOthersInThePoolGetsABackgroundModelThatScoringReports() {
        UUID alice = trainedUser(new SyntheticMouse(SyntheticMouse.CALM, 200, START), 3, 40);
        JsonNode models = latestTraining(alice);
        for (JsonNode model : models) {
            assertThat(model.path("modelKind").asString()).isEqualTo("BACKGROUND");
            assertThat(model.path("backgroundUsers").asInt()).isGreaterThanOrEqualTo(6);
        }
        assertThat(jdbc.queryForObject("select count(*) from risk.background_rows where user_id = ?", Integer.class,
                alice)).as("one pool entry per trained feature set").isEqualTo(models.size());
        assertThat(jdbc.queryForObject("select max(row_count) from risk.background_rows", Integer.class))
                .isLessThanOrEqualTo(500);

        Response scored = score(alice, TOKENS.accessToken(alice),
                new SyntheticMouse(SyntheticMouse.CALM, 201, START + 1e9).actions(25));
        assertThat(scored.status()).as(scored.body().toString()).isEqualTo(200);
        assertThat(scored.body().path("modelKind").asString()).isEqualTo("BACKGROUND");
        assertThat(scored.body().path("evidenceRisk").asDouble()).isBetween(0.0, 1.0);
        assertThat(scored.body().path("evidenceLevel").asString()).isIn("LOW", "MEDIUM", "HIGH");
        Response impostor = score(alice, TOKENS.accessToken(alice),
                new SyntheticMouse(SyntheticMouse.HASTY, 202, START + 1e9).actions(25));
        assertThat(impostor.body().path("level").asString()).isEqualTo("HIGH");

        Response export = get("/api/users/me/data", TOKENS.accessToken(alice));
        assertThat(export.body().path("backgroundPool").size()).isEqualTo(models.size());
        assertThat(export.body().path("backgroundPool").get(0).path("rows").asInt()).isPositive();
        assertThat(export.body().path("models").get(0).path("modelKind").asString()).isEqualTo("BACKGROUND");
        assertThat(export.body().path("models").get(0).path("backgroundUsers").asInt()).isGreaterThanOrEqualTo(6);
        for (UUID other : enrolled) {
            assertThat(export.body().toString()).as("never who else is in the background")
                    .doesNotContain(other.toString());
        }
    }

    @Test
    void erasingABackgroundUserRemovesTheirRowsAndRetrainsEveryModelThatLearntFromThem() {
        UUID carol = trainedUser(new SyntheticMouse(SyntheticMouse.CALM, 300, START), 3, 40);
        // Retrained once, so carol has an older version too.
        store(carol, UUID.randomUUID(), new SyntheticMouse(SyntheticMouse.CALM, 301, START).actions(20));
        assertThat(train(carol, TOKENS.accessToken(carol)).status()).isEqualTo(200);
        UUID erased = enrolled.getFirst();
        assertThat(usedBy(erased, carol)).as("carol's models learnt from the user to be erased").isPositive();

        UserDeletion deletion = new UserDeletion(erased, UUID.randomUUID(), Instant.now(), UserDeletion.RequestedBy.ADMIN);
        redis.opsForStream().add(MapRecord.create(BusNames.USER_DELETED_STREAM, deletion.toFields()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                redis.opsForHash().get(deletion.statusKey(), UserDeletion.RISK_ENGINE)).isNotNull());

        assertThat(jdbc.queryForObject("select count(*) from risk.background_rows where user_id = ?", Integer.class,
                erased)).as("out of the pool at once").isZero();
        // The old version that learnt from them is gone; the latest answers without its background until retrained.
        assertThat(jdbc.queryForObject("""
                select count(*) from risk.user_models m join risk.model_background b on b.model_id = m.id
                where b.user_id = ? and m.background_stale_since is null""", Integer.class, erased)).isZero();
        Response stale = score(carol, TOKENS.accessToken(carol), probe());
        assertThat(stale.body().path("modelKind").asString()).isEqualTo("ONE_CLASS");

        // The retrainer (every 30 s by default; here at once) trains carol against the pool without them.
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            assertThat(usedBy(erased, carol)).isZero();
            assertThat(score(carol, TOKENS.accessToken(carol), probe()).body().path("modelKind").asString())
                    .isEqualTo("BACKGROUND");
        });
        assertThat(jdbc.queryForObject("select count(*) from risk.model_background where user_id = ?", Integer.class,
                erased)).as("no model anywhere learnt from them").isZero();
    }

    @Test
    void withTheBackgroundDisabledModelsAreOneClassAndNothingEntersThePool() {
        try (ConfigurableApplicationContext disabled = otherReplica("--bb.risk.background.enabled=false")) {
            int mainPort = port;
            port = portOf(disabled);
            try {
                UUID dave = trainedUser(new SyntheticMouse(SyntheticMouse.CALM, 400, START), 3, 40);
                for (JsonNode model : latestTraining(dave)) {
                    assertThat(model.path("modelKind").asString()).isEqualTo("ONE_CLASS");
                    assertThat(model.path("backgroundUsers").asInt()).isZero();
                }
                assertThat(jdbc.queryForObject("select count(*) from risk.background_rows where user_id = ?",
                        Integer.class, dave)).isZero();
            } finally {
                port = mainPort;
            }
        }
    }

    private int usedBy(UUID backgroundUser, UUID modelOwner) {
        Integer n = jdbc.queryForObject("""
                select count(*) from risk.user_models m join risk.model_background b on b.model_id = m.id
                where b.user_id = ? and m.user_id = ?""", Integer.class, backgroundUser, modelOwner);
        return n == null ? 0 : n;
    }

    private static List<io.behavioralbiometrics.core.event.BehavioralEvent> probe() {
        return new SyntheticMouse(SyntheticMouse.CALM, 302, START + 1e9).actions(15);
    }

    /** Trains again and returns the response's models (the user already has stored events). */
    private JsonNode latestTraining(UUID user) {
        Response response = train(user, TOKENS.accessToken(user));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body().path("models");
    }
}
