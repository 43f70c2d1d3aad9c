package io.behavioralbiometrics.identity;

import static io.behavioralbiometrics.identity.IdentityClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import io.behavioralbiometrics.identity.IdentityClient.Response;
import io.behavioralbiometrics.identity.key.SigningKeys;
import io.behavioralbiometrics.testsupport.HostileJson;
import io.behavioralbiometrics.testsupport.HostileTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Identity's part of the security test matrix (docs/security.md): the hostile tokens,
 * signed with identity's own active key where a signature is meant to verify, refused on
 * every bearer-protected endpoint; a real refresh token refused as an access token (and
 * an access token as a refresh token); every hostile JSON body on every POST endpoint
 * answered with a precise 4xx problem that leaks nothing.
 */
@IdentityIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentitySecurityMatrixTests {

    /** The endpoints that need a bearer token; {@code rotate} also needs the admin role. */
    private static final List<String> BEARER_ENDPOINTS = List.of("/api/auth/logout-all", "/api/admin/keys/rotate");
    private static final List<String> JSON_ENDPOINTS = List.of("/api/auth/register", "/api/auth/login",
            "/api/auth/refresh", "/api/auth/revoke");

    @LocalServerPort
    int port;

    @Autowired
    SigningKeys keys;

    private IdentityClient client;
    private Response user;

    @BeforeAll
    void registerAUser() {
        client = new IdentityClient(port);
        user = client.register(uniqueEmail("matrix"), "correct horse battery 9");
        assertThat(user.status()).isEqualTo(201);
    }

    Stream<Arguments> hostileTokensOnEveryBearerEndpoint() {
        ECKey realKey = new ECKey.Builder(Curve.P_256, keys.activeKey().publicKey())
                .privateKey((ECPrivateKey) keys.activeKey().privateKey()).keyID(keys.activeKey().kid()).build();
        UUID userId = UUID.fromString(user.text("userId"));
        return HostileTokens.forKey(realKey, userId).entrySet().stream().flatMap(token -> BEARER_ENDPOINTS.stream()
                .map(endpoint -> Arguments.of(token.getKey(), endpoint, token.getValue())));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("hostileTokensOnEveryBearerEndpoint")
    void hostileTokenShouldGet401ProblemOnEveryBearerEndpoint(String name, String endpoint, String token) {
        Response response = client.postRaw(endpoint, "{}", token);

        assertUnauthorized(name, response, token);
    }

    @Test
    void tokenSignedWithTheRealKeyShouldBeAcceptedSoTheMatrixTestsOneFlawAtATime() {
        ECKey realKey = new ECKey.Builder(Curve.P_256, keys.activeKey().publicKey())
                .privateKey((ECPrivateKey) keys.activeKey().privateKey()).keyID(keys.activeKey().kid()).build();
        Response other = client.register(uniqueEmail("control"), "correct horse battery 9");

        Response response = client.postRaw("/api/auth/logout-all", "{}",
                HostileTokens.genuine(realKey, UUID.fromString(other.text("userId"))));

        assertThat(response.status()).isEqualTo(204);
    }

    @Test
    void realRefreshTokenUsedAsAccessTokenShouldGet401() {
        Response fresh = client.register(uniqueEmail("refresh-as-access"), "correct horse battery 9");
        String refreshToken = fresh.text("refreshToken");

        for (String endpoint : BEARER_ENDPOINTS) {
            assertUnauthorized(endpoint, client.postRaw(endpoint, "{}", refreshToken), refreshToken);
        }
        // The refresh token was not consumed or revoked by being shown as a bearer token.
        assertThat(client.refresh(refreshToken).status()).isEqualTo(200);
    }

    @Test
    void accessTokenUsedAsRefreshTokenShouldGet401() {
        Response fresh = client.register(uniqueEmail("access-as-refresh"), "correct horse battery 9");

        Response response = client.refresh(fresh.text("accessToken"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void userTokenShouldGet403ProblemOnTheAdminEndpoint() {
        Response response = client.postRaw("/api/admin/keys/rotate", "{}", user.text("accessToken"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    Stream<Arguments> hostileBodiesOnEveryJsonEndpoint() {
        return HostileJson.bodies().keySet().stream()
                .flatMap(name -> JSON_ENDPOINTS.stream().map(endpoint -> Arguments.of(name, endpoint)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("hostileBodiesOnEveryJsonEndpoint")
    void hostileJsonShouldGetAPrecise4xxProblemWithoutLeaks(String name, String endpoint) {
        Response response = postBytes(endpoint, HostileJson.bodies().get(name), "application/json", null);

        assertThat(response.status()).as(name + ": " + response.body()).isIn(400, 413, 415);
        assertThat(response.header("Content-Type")).as(name).startsWith("application/problem+json");
        assertThat(HostileJson.leakIn(response.body())).as(name + ": " + response.body()).isNull();
        assertThat(response.body().length()).as(name + ": the input is not echoed").isLessThan(2_000);
    }

    @Test
    void oversizedBodyShouldGet413AndTheServiceShouldKeepAnswering() {
        Response response = postBytes("/api/auth/login", HostileJson.bodies().get("huge array (1M elements)"),
                "application/json", null);

        assertThat(response.status()).isEqualTo(413);
        assertThat(client.login(uniqueEmail("nobody"), "whatever password 1").status()).isEqualTo(401);
    }

    @Test
    void duplicatedKeysShouldBeRefusedRatherThanTheLastOneWinning() {
        String email = uniqueEmail("duplicate");
        String body = "{\"email\":\"" + email + "\",\"password\":\"short\",\"password\":\"correct horse battery 9\"}";

        Response response = postBytes("/api/auth/register", body.getBytes(), "application/json", null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("detail").asString()).contains("more than once");
        assertThat(client.login(email, "correct horse battery 9").status()).isEqualTo(401);
    }

    @Test
    void jsonEndpointsShouldAnswer415ToAnotherContentType() {
        for (String endpoint : JSON_ENDPOINTS) {
            Response response = postBytes(endpoint, "{\"refreshToken\":\"x\"}".getBytes(), "text/plain", null);

            assertThat(response.status()).as(endpoint).isEqualTo(415);
            assertThat(response.header("Content-Type")).as(endpoint).startsWith("application/problem+json");
        }
    }

    private static void assertUnauthorized(String name, Response response, String token) {
        assertThat(response.status()).as(name).isEqualTo(401);
        assertThat(response.header("Content-Type")).as(name).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).as(name).startsWith("Bearer");
        assertThat(response.body()).as(name).doesNotContain(token);
    }

    private Response postBytes(String path, byte[] body, String contentType, @Nullable String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return client.send(request.build());
    }
}
