package io.behavioralbiometrics.risk;

import io.behavioralbiometrics.risk.live.SessionKeys;
import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.testsupport.HostileJson;
import io.behavioralbiometrics.testsupport.HostileTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.data.redis.connection.stream.StreamRecords;

/**
 * The risk engine's part of the security test matrix (docs/security.md): every hostile
 * token gets a 401 problem on every endpoint, users act only on their own data (admins on
 * anyone's), and every hostile JSON body gets a precise 4xx problem without leaks.
 */
class RiskEngineSecurityMatrixTests extends RiskEngineIntegrationTest {

    private static final UUID VICTIM = UUID.randomUUID();
    private static final HttpClient RAW = HttpClient.newHttpClient();

    record Raw(int status, String contentType, String body, @Nullable String wwwAuthenticate) {
    }

    static Stream<Arguments> hostileTokensOnEveryEndpoint() {
        Map<String, String> tokens = HostileTokens.forUser(TOKENS, VICTIM);
        return tokens.entrySet().stream().flatMap(token -> Stream.of(
                Arguments.of(token.getKey(), "POST /model/train", token.getValue()),
                Arguments.of(token.getKey(), "POST /model/score", token.getValue()),
                Arguments.of(token.getKey(), "GET /risk/sessions", token.getValue())));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("hostileTokensOnEveryEndpoint")
    void hostileTokenShouldGet401ProblemOnEveryEndpoint(String name, String endpoint, String token) {
        Raw response = call(endpoint, token, scoreBody());

        assertThat(response.status()).as(name).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.wwwAuthenticate()).startsWith("Bearer");
        assertThat(response.body()).doesNotContain(token);
    }

    @Test
    void genuineTokenOfTheSameUserShouldPassAuthentication() {
        // The control of the matrix above: the same user's genuine token is not refused as such.
        String token = HostileTokens.genuine(TOKENS.key(), VICTIM);

        assertThat(call("POST /model/train", token, null).status()).isEqualTo(422);
        assertThat(call("POST /model/score", token, scoreBody()).status()).isEqualTo(404);
        assertThat(call("GET /risk/sessions", token, null).status()).isEqualTo(404);
    }

    @Test
    void usersShouldActOnlyOnTheirOwnDataAndAdminsOnAnyones() {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        UUID bobsSession = UUID.randomUUID();
        insertSessionRisk(bob, bobsSession);
        String aliceToken = TOKENS.accessToken(alice);
        String bobToken = TOKENS.accessToken(bob);
        String adminToken = TOKENS.adminToken(UUID.randomUUID());

        // Alice on Bob's data: 403 for the user-named endpoints; Bob's session is a 404 as for an
        // unknown id (session ids are per user), and no body says anything about Bob's data.
        Raw training = call("POST /model/train/" + bob, aliceToken, null);
        Raw scoring = call("POST /model/score/" + bob, aliceToken, scoreBody());
        Raw sessionRisk = call("GET /risk/sessions/" + bobsSession, aliceToken, null);
        Raw namingBob = call("GET /risk/sessions/" + bobsSession + "?userId=" + bob, aliceToken, null);
        assertThat(List.of(training.status(), scoring.status())).containsOnly(403);
        assertThat(List.of(sessionRisk.status(), namingBob.status())).containsOnly(404);
        assertThat(namingBob.body()).doesNotContain("\"risk\"").doesNotContain("HIGH").doesNotContain("0.87");
        assertThat(sessionRisk.contentType()).startsWith("application/problem+json");
        assertThat(sessionRisk.body()).doesNotContain("\"risk\"").doesNotContain("HIGH").doesNotContain("0.87");

        // Bob on his own data and an admin on Bob's: past authorisation (no model: 422/404; the risk: 200).
        assertThat(call("POST /model/train/" + bob, bobToken, null).status()).isEqualTo(422);
        assertThat(call("POST /model/score/" + bob, bobToken, scoreBody()).status()).isEqualTo(404);
        assertThat(get("/risk/sessions/" + bobsSession, bobToken).body().path("risk").asDouble()).isEqualTo(0.87);
        assertThat(call("POST /model/train/" + bob, adminToken, null).status()).isEqualTo(422);
        assertThat(call("POST /model/score/" + bob, adminToken, scoreBody()).status()).isEqualTo(404);
        assertThat(get("/risk/sessions/" + bobsSession, adminToken).status()).isEqualTo(200);
    }

    @Test
    void batchesOfAnotherUserUnderTheSameSessionIdShouldNotEnterTheUsersWindow() {
        UUID alice = UUID.randomUUID();
        UUID mallory = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        List<BehavioralEvent> alices = new SyntheticMouse(SyntheticMouse.CALM, 31, 1_770_000_000_000d).actions(1);
        List<BehavioralEvent> mallorys = new SyntheticMouse(SyntheticMouse.HASTY, 32, 1_770_000_000_000d).actions(2);
        // Live scoring keeps windows only for users with a model.
        for (UUID user : List.of(alice, mallory)) {
            store(user, UUID.randomUUID(), new SyntheticMouse(SyntheticMouse.CALM, 33, 1_760_000_000_000d).actions(60));
            assertThat(train(user, TOKENS.accessToken(user)).status()).isEqualTo(200);
        }

        xadd(alice, session, alices);
        xadd(mallory, session, mallorys);

        String alicesWindow = SessionKeys.window(alice, session);
        String mallorysWindow = SessionKeys.window(mallory, session);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                redis.hasKey(alicesWindow) && redis.hasKey(mallorysWindow));
        assertThat(redis.opsForList().size(alicesWindow)).isEqualTo(alices.size());
        assertThat(redis.opsForList().size(mallorysWindow)).isEqualTo(mallorys.size());
    }

    static Stream<Arguments> hostileBodies() {
        return HostileJson.bodies().keySet().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBodies")
    void hostileJsonOnScoreShouldGetAPrecise4xxProblemWithoutLeaks(String name) {
        UUID user = UUID.randomUUID();
        Raw response = post("/model/score/" + user, TOKENS.accessToken(user), HostileJson.bodies().get(name),
                "application/json");

        assertPreciseProblem(name, response);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBodies")
    void hostileJsonOnTrainShouldBeIgnoredAsTrainTakesNoBody(String name) {
        UUID user = UUID.randomUUID();
        Raw response = post("/model/train/" + user, TOKENS.accessToken(user), HostileJson.bodies().get(name),
                "application/json");

        // Training reads stored events only: the answer is the one without a body (no events yet).
        assertThat(response.status()).as(name).isEqualTo(422);
        assertThat(HostileJson.leakIn(response.body())).as(name).isNull();
    }

    @Test
    void scoreWithAnotherContentTypeShouldGet415() {
        UUID user = UUID.randomUUID();
        Raw response = post("/model/score/" + user, TOKENS.accessToken(user), scoreBody().getBytes(), "text/plain");

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void hostileBodiesShouldLeaveTheServiceAnswering() {
        UUID user = UUID.randomUUID();
        post("/model/score/" + user, TOKENS.accessToken(user), HostileJson.bodies().get("10 MB string"),
                "application/json");

        assertThat(call("POST /model/score/" + user, TOKENS.accessToken(user), scoreBody()).status()).isEqualTo(404);
    }

    static void assertPreciseProblem(String name, Raw response) {
        assertThat(response.status()).as(name + ": " + response.body()).isIn(400, 413, 415, 422);
        assertThat(response.contentType()).as(name).startsWith("application/problem+json");
        assertThat(HostileJson.leakIn(response.body())).as(name + ": " + response.body()).isNull();
        assertThat(response.body().length()).as(name + ": the input is not echoed").isLessThan(2_000);
    }

    private Raw call(String endpoint, String token, @Nullable String body) {
        String[] parts = endpoint.split(" ");
        String path = parts[1].split("/").length > 3 ? parts[1] : parts[1] + "/" + pathId(parts[1]);
        return parts[0].equals("GET") ? send(HttpRequest.newBuilder(uri(path)).GET(), token)
                : post(path, token, body == null ? null : body.getBytes(), "application/json");
    }

    private static UUID pathId(String path) {
        return path.startsWith("/risk") ? UUID.randomUUID() : VICTIM;
    }

    private Raw post(String path, String token, byte @Nullable [] body, String contentType) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)),
                token);
    }

    private static Raw send(HttpRequest.Builder request, String token) {
        try {
            HttpResponse<String> response = RAW.send(request.header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Raw(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers().firstValue("WWW-Authenticate").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String scoreBody() {
        StringBuilder events = new StringBuilder();
        new SyntheticMouse(SyntheticMouse.CALM, 7, 1_770_000_000_000d).actions(3)
                .forEach(event -> events.append(events.isEmpty() ? "" : ",").append(CODEC.eventNode(event)));
        return "{\"events\":[" + events + "]}";
    }

    private void insertSessionRisk(UUID userId, UUID sessionId) {
        jdbc.update("""
                insert into risk.session_risk (session_id, user_id, risk, level, feature_set, model_version, windows, updated_at)
                values (?, ?, 0.87, 'HIGH', 'MOUSE', 1, 3, ?)
                """, sessionId, userId, Timestamp.from(Instant.now()));
    }

    private void xadd(UUID userId, UUID sessionId, List<BehavioralEvent> events) {
        Map<String, String> fields = new IngestedBatch(userId, sessionId, 0, Instant.now(), events).toFields(CODEC);
        redis.opsForStream().add(StreamRecords.string(fields).withStreamKey(BusNames.EVENTS_STREAM));
    }
}
