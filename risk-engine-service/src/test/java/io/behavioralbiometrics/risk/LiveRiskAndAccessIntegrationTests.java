package io.behavioralbiometrics.risk;

import io.behavioralbiometrics.risk.live.SessionKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.risk.features.FeatureExtractor;
import io.behavioralbiometrics.risk.features.FeatureSet;
import io.behavioralbiometrics.risk.features.FeatureWindow;
import io.behavioralbiometrics.risk.model.UserModel;
import io.behavioralbiometrics.risk.registry.ModelRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.stream.RecordId;
import tools.jackson.databind.JsonNode;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveRiskAndAccessIntegrationTests extends RiskEngineIntegrationTest {

    private static final double START = 1_770_000_000_000d;

    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private LiveStream live;

    @Autowired
    ModelRegistry models;

    @Autowired
    FeatureExtractor extractor;

    @BeforeAll
    void aliceHasAModelAndRiskUpdatesAreHeard() {
        store(alice, UUID.randomUUID(), new SyntheticMouse(SyntheticMouse.CALM, 21, START).actions(60));
        assertThat(train(alice, TOKENS.accessToken(alice)).status()).isEqualTo(200);
        live = new LiveStream(redis, CODEC);
    }

    @AfterAll
    void closeSubscription() {
        live.close();
    }

    @Test
    void liveRiskShouldBePublishedAndStoredForATrainedUsersBatch() throws InterruptedException {
        UUID session = UUID.randomUUID();
        List<BehavioralEvent> batch = new SyntheticMouse(SyntheticMouse.HASTY, 22, START + 1e9).actions(5);
        assertThat(batch.size()).isLessThanOrEqualTo(500);

        live.add(alice, session, 0, batch);
        JsonNode update = live.nextRiskUpdateFor(session, Duration.ofSeconds(2));

        assertThat(update.path("userId").asString()).isEqualTo(alice.toString());
        assertThat(update.path("level").asString()).isIn("LOW", "MEDIUM", "HIGH");
        double risk = update.path("risk").asDouble();
        assertThat(risk).isBetween(0.0, 1.0);
        assertThat(Instant.parse(update.path("at").asString())).isBefore(Instant.now().plusSeconds(1));

        Response stored = get("/risk/sessions/" + session, TOKENS.accessToken(alice));
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.body().path("risk").asDouble()).isEqualTo(risk);
        assertThat(stored.body().path("featureSet").asString()).isEqualTo("MOUSE");
        assertThat(stored.body().path("modelVersion").asInt()).isEqualTo(1);

        // Another user's session looks like an unknown one (404, not 403): its existence is not disclosed.
        assertThat(get("/risk/sessions/" + session, TOKENS.accessToken(bob)).status()).isEqualTo(404);
        assertThat(get("/risk/sessions/" + session, TOKENS.adminToken(UUID.randomUUID())).status()).isEqualTo(200);
        assertThat(get("/risk/sessions/" + session, null).status()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(30)).until(() -> live.pending() == 0);
        assertThat(redis.getExpire(SessionKeys.window(alice, session))).isPositive();
    }

    @Test
    void twoUsersReportingTheSameSessionIdShouldEachHaveTheirOwnStoredRisk() throws InterruptedException {
        UUID carol = UUID.randomUUID();
        store(carol, UUID.randomUUID(), new SyntheticMouse(SyntheticMouse.HASTY, 24, START).actions(60));
        assertThat(train(carol, TOKENS.accessToken(carol)).status()).isEqualTo(200);
        UUID shared = UUID.randomUUID();

        live.add(alice, shared, 0, new SyntheticMouse(SyntheticMouse.CALM, 25, START + 1e9).actions(5));
        double alicesRisk = live.nextRiskUpdateFor(shared, Duration.ofSeconds(30)).path("risk").asDouble();
        live.add(carol, shared, 0, new SyntheticMouse(SyntheticMouse.HASTY, 26, START + 2e9).actions(5));
        JsonNode carols = live.nextRiskUpdateFor(shared, Duration.ofSeconds(30));
        assertThat(carols.path("userId").asString()).isEqualTo(carol.toString());

        Response aliceReads = get("/risk/sessions/" + shared, TOKENS.accessToken(alice));
        Response carolReads = get("/risk/sessions/" + shared, TOKENS.accessToken(carol));
        assertThat(aliceReads.status()).isEqualTo(200);
        assertThat(aliceReads.body().path("userId").asString()).isEqualTo(alice.toString());
        assertThat(aliceReads.body().path("risk").asDouble()).isEqualTo(alicesRisk);
        assertThat(carolReads.status()).as("the second user's risk was stored").isEqualTo(200);
        assertThat(carolReads.body().path("userId").asString()).isEqualTo(carol.toString());
        assertThat(carolReads.body().path("risk").asDouble()).isEqualTo(carols.path("risk").asDouble());

        String admin = TOKENS.adminToken(UUID.randomUUID());
        assertThat(get("/risk/sessions/" + shared + "?userId=" + alice, admin).body().path("userId").asString())
                .isEqualTo(alice.toString());
        assertThat(get("/risk/sessions/" + shared, admin).body().path("userId").asString())
                .as("without userId an admin gets the row updated last").isEqualTo(carol.toString());
        assertThat(get("/risk/sessions/" + shared + "?userId=" + alice, TOKENS.accessToken(carol)).status())
                .isEqualTo(404);
    }

    @Test
    void liveEvidenceShouldCountEachWindowOnceAndEqualTheCusumOfTheWholeSession() throws InterruptedException {
        UUID dave = UUID.randomUUID();
        store(dave, UUID.randomUUID(), new SyntheticMouse(SyntheticMouse.CALM, 31, START).actions(60));
        assertThat(train(dave, TOKENS.accessToken(dave)).status()).isEqualTo(200);
        UUID session = UUID.randomUUID();
        SyntheticMouse intruder = new SyntheticMouse(SyntheticMouse.HASTY, 32, START + 1e9);
        List<BehavioralEvent> sent = new ArrayList<>();
        JsonNode update = null;
        // Every batch is rescored, so each rescore re-extracts the windows the earlier ones counted.
        for (int seq = 0; seq < 4; seq++) {
            List<BehavioralEvent> batch = intruder.actions(2);
            assertThat(batch.size()).isGreaterThanOrEqualTo(50); // bb.risk.live.rescore-every
            sent.addAll(batch);
            live.add(dave, session, seq, batch);
            update = live.nextRiskUpdateFor(session, Duration.ofSeconds(30));
        }
        assertThat(sent.size()).as("below the automatic retraining threshold").isLessThan(1000);

        // Offline: the CUSUM over every window of the session but the newest, which may still grow.
        UserModel model = models.latest(dave, FeatureSet.MOUSE).orElseThrow().model();
        List<FeatureWindow> windows = extractor.windows(FeatureSet.MOUSE, sent);
        double[] risks = windows.subList(0, windows.size() - 1).stream().mapToDouble(w -> model.windowRisk(w.row()))
                .toArray();
        double evidence = model.evidence(risks);
        assertThat(evidence).as("an intruder's session accumulates evidence").isPositive();
        assertThat(update.path("evidenceRisk").asDouble()).isCloseTo(model.evidenceRisk(evidence), within(1e-9));
        assertThat(update.path("evidenceLevel").asString()).isIn("LOW", "MEDIUM", "HIGH");
        assertThat(Double.parseDouble(redis.<String, String>opsForHash()
                .get(SessionKeys.evidence(dave, session), "MOUSE").split("\\|")[0]))
                .isCloseTo(evidence, within(1e-9));
        Response stored = get("/risk/sessions/" + session, TOKENS.accessToken(dave));
        assertThat(stored.body().path("evidenceRisk").asDouble()).isEqualTo(update.path("evidenceRisk").asDouble());
        assertThat(stored.body().path("evidenceLevel").asString()).isEqualTo(update.path("evidenceLevel").asString());
    }

    @Test
    void aUserShouldKeepAtMostTheConfiguredNumberOfLiveWindowsTheLeastRecentlyUsedGoingFirst() {
        UUID erin = UUID.randomUUID();
        store(erin, UUID.randomUUID(), new SyntheticMouse(SyntheticMouse.CALM, 33, START).actions(60));
        assertThat(train(erin, TOKENS.accessToken(erin)).status()).isEqualTo(200);
        List<UUID> sessions = new ArrayList<>();
        RecordId last = null;
        for (int i = 0; i < 25; i++) { // bb.risk.live.sessions-per-user is 20
            UUID session = UUID.randomUUID();
            sessions.add(session);
            last = live.add(erin, session, 0, new SyntheticMouse(SyntheticMouse.CALM, 40 + i, START + 2e9).actions(1));
        }
        RecordId lastId = last;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> live.assertHandled(lastId));

        assertThat(sessions.subList(0, 5)).as("the five least recently used are gone")
                .allSatisfy(session -> assertThat(redis.hasKey(SessionKeys.window(erin, session))).isFalse());
        assertThat(sessions.subList(5, 25))
                .allSatisfy(session -> assertThat(redis.hasKey(SessionKeys.window(erin, session))).isTrue());
        assertThat(redis.opsForZSet().size(SessionKeys.live(erin))).isEqualTo(20);
    }

    @Test
    void liveBatchesOfAUserWithoutAModelShouldBeAcknowledgedWithoutARiskOrAWindow() {
        UUID enrolling = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        RecordId id = live.add(enrolling, session, 0, new SyntheticMouse(SyntheticMouse.CALM, 23, START).actions(5));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> live.assertHandled(id));
        assertThat(get("/risk/sessions/" + session, TOKENS.accessToken(enrolling)).status()).isEqualTo(404);
        // Nothing to score against, so nothing is kept for it either.
        assertThat(redis.hasKey(SessionKeys.window(enrolling, session))).isFalse();
    }

    @Test
    void enoughLiveEventsShouldRetrainTheUserAutomatically() {
        UUID hank = UUID.randomUUID();
        SyntheticMouse mouse = new SyntheticMouse(SyntheticMouse.CALM, 27, START);
        store(hank, UUID.randomUUID(), mouse.actions(40));
        UUID session = UUID.randomUUID();
        int sent = 0;
        for (long seq = 0; sent < 1000; seq++) {
            List<BehavioralEvent> batch = mouse.actions(3);
            live.add(hank, session, seq, batch);
            sent += batch.size();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from risk.user_models where user_id = ? and feature_set = 'MOUSE'", Integer.class,
                hank) == 1);
        // The lock is released after the training has committed, so a moment after the row appears.
        await().atMost(Duration.ofSeconds(10)).until(() -> !redis.hasKey("bb:risk:retrain:lock:" + hank));
    }

    @Test
    void poisonEntriesShouldBeAcknowledgedAndCounted() {
        double before = liveEntries("poison");
        RecordId id = live.add(Map.of("userId", "not-a-uuid", "events", "[]"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> live.assertHandled(id));
        assertThat(liveEntries("poison")).isEqualTo(before + 1);
    }

    @Test
    void anotherUserShouldGet403ForTrainingAndScoring() {
        List<BehavioralEvent> events = new SyntheticMouse(SyntheticMouse.CALM, 24, START).actions(3);

        Response training = train(alice, TOKENS.accessToken(bob));
        Response scoring = score(alice, TOKENS.accessToken(bob), events);

        assertThat(training.status()).isEqualTo(403);
        assertThat(training.body().path("title").asString()).isEqualTo("Forbidden");
        assertThat(scoring.status()).isEqualTo(403);
    }

    @Test
    void adminShouldScoreAndTrainAnyUser() {
        String admin = TOKENS.adminToken(UUID.randomUUID());

        Response scoring = score(alice, admin, new SyntheticMouse(SyntheticMouse.CALM, 25, START + 5e9).actions(4));
        // Bob has no events: a 422 shows the admin got past the access check to the training itself.
        Response training = train(bob, admin);

        assertThat(scoring.status()).isEqualTo(200);
        assertThat(training.status()).isEqualTo(422);
    }

    @Test
    void requestsWithoutATokenShouldGet401() {
        assertThat(train(alice, null).status()).isEqualTo(401);
        assertThat(score(alice, null, new SyntheticMouse(SyntheticMouse.CALM, 26, START).actions(2)).status())
                .isEqualTo(401);
        assertThat(get("/risk/sessions/" + UUID.randomUUID(), null).status()).isEqualTo(401);
    }

    @Test
    void corsPreflightShouldAllowTheDemoPageOnly() throws Exception {
        HttpResponse<Void> demo = preflight("http://localhost:8080");
        HttpResponse<Void> foreign = preflight("https://evil.example");

        assertThat(demo.statusCode()).isEqualTo(200);
        assertThat(demo.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:8080");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private HttpResponse<Void> preflight(String origin) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/model/score/" + alice))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.discarding());
        }
    }

    @Test
    void openApiShouldBePublic() {
        Response docs = get("/v3/api-docs", null);

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().path("paths").has("/model/train/{userId}")).isTrue();
        assertThat(docs.body().path("paths").has("/model/score/{userId}")).isTrue();
        assertThat(docs.body().path("paths").has("/risk/sessions/{sessionId}")).isTrue();
    }
}
