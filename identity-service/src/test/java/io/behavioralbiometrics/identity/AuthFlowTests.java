package io.behavioralbiometrics.identity;

import static io.behavioralbiometrics.identity.IdentityClient.jwtPart;
import static io.behavioralbiometrics.identity.IdentityClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.identity.IdentityClient.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

@IdentityIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class AuthFlowTests {

    static final String PASSWORD = "correct horse battery staple";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LoggingSystem logging;

    IdentityClient client;

    @BeforeEach
    void client() {
        client = new IdentityClient(port);
    }

    @Test
    void refreshTokenFamiliesRotateDetectReuseAndRevoke(CapturedOutput output) {
        String email = uniqueEmail("flow");
        Response registered = client.register(email, PASSWORD);
        assertThat(registered.status()).isEqualTo(201);
        String registrationRefresh = registered.text("refreshToken");

        Response login = client.login(email, PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        String userId = login.text("userId");
        assertThat(userId).isEqualTo(registered.text("userId"));
        String first = login.text("refreshToken");

        Response refreshed = client.refresh(first);
        assertThat(refreshed.status()).isEqualTo(200);
        String second = refreshed.text("refreshToken");
        assertThat(second).isNotEqualTo(first);
        assertThat(refreshed.text("userId")).isEqualTo(userId);
        assertThat(refreshed.text("email")).isEqualTo(email);
        // A rotated token keeps the family's absolute expiry.
        assertThat(refreshed.text("refreshTokenExpiresAt")).isEqualTo(login.text("refreshTokenExpiresAt"));
        assertThat(jwtPart(refreshed.text("accessToken"), 1).get("sub").asString()).isEqualTo(userId);

        Response replay = client.refresh(first);
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.header("Content-Type")).startsWith("application/problem+json");
        // The replay revoked the family: its newest token is dead too.
        assertThat(client.refresh(second).status()).isEqualTo(401);
        String familyId = jdbc.queryForObject(
                "select family_id::text from identity.refresh_tokens where token_hash = ?", String.class, sha256(first));
        assertThat(output.getOut()).contains("refresh token reuse detected for user " + userId + " in family " + familyId)
                .doesNotContain(first).doesNotContain(second);

        // Another family of the same user (from registration) is untouched ...
        Response other = client.refresh(registrationRefresh);
        assertThat(other.status()).isEqualTo(200);
        // ... until it is revoked.
        String otherNext = other.text("refreshToken");
        assertThat(client.revoke(otherNext).status()).isEqualTo(204);
        assertThat(client.refresh(otherNext).status()).isEqualTo(401);
        // Revoking an unknown token reveals nothing.
        assertThat(client.revoke("not-a-token").status()).isEqualTo(204);
    }

    @Test
    void responseCarriesTheOriginalFieldsAndA15MinuteAccessToken() {
        String email = uniqueEmail("fields");
        Response registered = client.register(email, PASSWORD);
        JsonNode body = registered.json();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("accessToken", "refreshToken", "userId", "email",
                "accessTokenExpiresAt", "refreshTokenExpiresAt");
        JsonNode header = jwtPart(body.get("accessToken").asString(), 0);
        assertThat(header.get("alg").asString()).isEqualTo("ES256");
        assertThat(header.get("typ").asString()).isEqualTo("at+jwt");
        assertThat(header.get("kid").asString()).isNotBlank();
        JsonNode claims = jwtPart(body.get("accessToken").asString(), 1);
        assertThat(claims.get("iss").asString()).isEqualTo("behavioral-biometrics-identity");
        assertThat(claims.get("aud").toString()).contains("behavioral-biometrics");
        assertThat(claims.get("sub").asString()).isEqualTo(body.get("userId").asString());
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(15 * 60);
        assertThat(claims.get("jti").asString()).isNotBlank();
        assertThat(claims.get("roles").toString()).isEqualTo("[\"user\"]");
        assertThat(claims.get("scope").asString()).isEqualTo("user");
        assertThat(body.get("refreshToken").asString()).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void registerWhenEmailTakenInAnyCaseShouldReturn409() {
        String email = uniqueEmail("dup");
        Response first = client.register("  " + email.toUpperCase() + " ", PASSWORD);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.text("email")).isEqualTo(email);

        Response again = client.register(email, "another good passphrase");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        assertThat(again.text("detail")).contains("email");
        // Login with the normalised form works as well.
        assertThat(client.login(" " + email.toUpperCase(), PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void loginWhenEmailUnknownShouldReturnTheSameBodyAsAWrongPassword() {
        String email = uniqueEmail("enum");
        client.register(email, PASSWORD);
        Response wrongPassword = client.login(email, "not the password at all");
        Response unknownEmail = client.login(uniqueEmail("nobody"), "not the password at all");
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownEmail.status()).isEqualTo(401);
        assertThat(unknownEmail.body()).isEqualTo(wrongPassword.body());
        assertThat(wrongPassword.text("detail")).isEqualTo("The email or password is incorrect.");
        assertThat(wrongPassword.body()).doesNotContain("trace").doesNotContain("Exception");
    }

    @Test
    void refreshTokensAreStoredOnlyAsHashesAndPasswordsAsArgon2id() {
        String email = uniqueEmail("stored");
        Response registered = client.register(email, PASSWORD);
        Response login = client.login(email, PASSWORD);
        Response refreshed = client.refresh(login.text("refreshToken"));
        List<String> given = List.of(registered.text("refreshToken"), login.text("refreshToken"),
                refreshed.text("refreshToken"));
        UUID userId = UUID.fromString(login.text("userId"));

        List<String> stored = jdbc.queryForList("select token_hash from identity.refresh_tokens where user_id = ?",
                String.class, userId);
        assertThat(stored).hasSize(3).doesNotContainAnyElementsOf(given);
        assertThat(stored).containsExactlyInAnyOrderElementsOf(given.stream().map(AuthFlowTests::sha256).toList());

        String hash = jdbc.queryForObject("select password_hash from identity.users where id = ?", String.class, userId);
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(PASSWORD);
    }

    @Test
    void passwordsAreNeverLoggedEvenAtDebugLevel(CapturedOutput output) {
        String password = "Unlogged-" + UUID.randomUUID();
        String tooShort = "Zq9!" + "x";
        logging.setLogLevel("org.springframework.web", LogLevel.TRACE);
        logging.setLogLevel("io.behavioralbiometrics", LogLevel.TRACE);
        try {
            String email = uniqueEmail("logs");
            assertThat(client.register(email, password).status()).isEqualTo(201);
            assertThat(client.login(email, password).status()).isEqualTo(200);
            assertThat(client.login(email, password + "-wrong").status()).isEqualTo(401);
            assertThat(client.register(uniqueEmail("logs"), tooShort).status()).isEqualTo(400);
        } finally {
            logging.setLogLevel("org.springframework.web", null);
            logging.setLogLevel("io.behavioralbiometrics", null);
        }
        // The debug logs did record the requests, just not the secrets.
        assertThat(output.getOut()).contains("LoginRequest[").doesNotContain(password).doesNotContain(tooShort);
    }

    @Test
    void logoutAllRevokesEveryFamilyOfTheCaller() {
        String email = uniqueEmail("logout");
        Response a = client.register(email, PASSWORD);
        Response b = client.login(email, PASSWORD);
        assertThat(client.post("/api/auth/logout-all", Map.of(), null).status()).isEqualTo(401);

        Response logout = client.post("/api/auth/logout-all", Map.of(), b.text("accessToken"));
        assertThat(logout.status()).isEqualTo(204);
        assertThat(client.refresh(a.text("refreshToken")).status()).isEqualTo(401);
        assertThat(client.refresh(b.text("refreshToken")).status()).isEqualTo(401);
        assertThat(client.login(email, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void registerWhenFieldsInvalidShouldReturn400NamingTheField() {
        assertValidationProblem(client.postRaw("/api/auth/register", "{\"email\":\"" + uniqueEmail("v") + "\"}", null),
                "password");
        assertValidationProblem(client.register(uniqueEmail("v"), "   "), "password");
        assertValidationProblem(client.register(uniqueEmail("v"), "short1"), "password");
        assertValidationProblem(client.register(uniqueEmail("v"), "x".repeat(129)), "password");
        Response common = client.register(uniqueEmail("v"), "QwertyUIOP");
        assertValidationProblem(common, "password");
        assertThat(common.text("detail")).contains("common");
        assertValidationProblem(client.register("not-an-email", PASSWORD), "email");
        assertValidationProblem(client.register("", PASSWORD), "email");
        assertValidationProblem(client.postRaw("/api/auth/refresh", "{}", null), "refreshToken");
    }

    @Test
    void configuredAdminUserIdGetsTheAdminRole() {
        Response admin = client.admin();
        assertThat(admin.status()).isEqualTo(200);
        JsonNode claims = jwtPart(admin.text("accessToken"), 1);
        assertThat(claims.get("roles").toString()).isEqualTo("[\"user\",\"admin\"]");
        assertThat(claims.get("scope").asString()).isEqualTo("user admin");
    }

    private static void assertValidationProblem(Response response, String field) {
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.text("detail")).contains(field);
        JsonNode errors = response.json().get("errors");
        assertThat(errors).isNotNull();
        assertThat(errors.findValuesAsString("field")).contains(field);
        assertThat(response.body()).doesNotContain("stackTrace").doesNotContain("trace");
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
