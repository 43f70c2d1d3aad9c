package io.behavioralbiometrics.identity.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.UserDeletion;
import io.behavioralbiometrics.identity.IdentityClient;
import io.behavioralbiometrics.identity.IdentityClient.Response;
import io.behavioralbiometrics.identity.IdentityIntegrationTest;
import io.behavioralbiometrics.testsupport.EmbeddedRedisServer;
import io.behavioralbiometrics.testsupport.RealServers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

@IdentityIntegrationTest
class AccountPrivacyTests {

    static final String PASSWORD = "a perfectly private passphrase";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    StringRedisTemplate redis;

    IdentityClient client;

    @BeforeEach
    void client() {
        client = new IdentityClient(port);
    }

    @Test
    void exportOwnDataShouldListAccountSessionsAndFailuresButNoSecrets() {
        String email = uniqueEmail("export");
        Response registered = client.register(email, PASSWORD);
        Response login = client.login(email, PASSWORD);
        // After the successful login, which clears the account's earlier failures.
        client.login(email, "not the passphrase at all");

        Response export = call("GET", "/api/users/me/data", login.text("accessToken"));

        assertThat(export.status()).isEqualTo(200);
        JsonNode data = export.json();
        assertThat(data.path("userId").asString()).isEqualTo(registered.text("userId"));
        assertThat(data.path("email").asString()).isEqualTo(email);
        assertThat(data.path("roles").values()).extracting(JsonNode::asString).containsExactly("user");
        assertThat(data.path("createdAt").asString()).isNotBlank();
        assertThat(data.path("sessions").size()).as("the registration's and the login's refresh tokens").isEqualTo(2);
        assertThat(data.path("sessions").get(0).path("expiresAt").asString()).isNotBlank();
        assertThat(data.path("loginFailures").size()).isEqualTo(1);
        assertThat(export.body()).doesNotContainIgnoringCase("hash").doesNotContain(login.text("refreshToken"))
                .doesNotContain(registered.text("refreshToken"));
    }

    @Test
    void eraseOwnAccountShouldDeleteEverythingAnnounceItAndReportIdentityDone() {
        String email = uniqueEmail("erase");
        Response registered = client.register(email, PASSWORD);
        UUID userId = UUID.fromString(registered.text("userId"));
        client.login(email, "a wrong passphrase here");
        String access = client.login(email, PASSWORD).text("accessToken");

        Response erased = call("DELETE", "/api/users/me", access);

        assertThat(erased.status()).isEqualTo(202);
        UUID erasureId = UUID.fromString(erased.text("erasureId"));
        assertThat(erased.text("userId")).isEqualTo(userId.toString());
        assertThat(erased.header("Location")).isEqualTo("/api/erasures/" + erasureId);
        assertThat(count("identity.users where id = ?", userId)).isZero();
        assertThat(count("identity.refresh_tokens where user_id = ?", userId)).isZero();
        assertThat(count("identity.login_failures where throttle_key like ?", "account:" + email + "|%")).isZero();
        assertThat(count("identity.login_locks where throttle_key like ?", "account:" + email + "|%")).isZero();
        assertThat(client.login(email, PASSWORD).status()).isEqualTo(401);
        // The access token has not expired, but the tombstone makes it worthless at once.
        assertThat(call("GET", "/api/users/me/data", access).status()).isEqualTo(401);

        assertThat(announcement(erasureId)).hasValueSatisfying(fields -> {
            assertThat(fields.get("userId")).isEqualTo(userId.toString());
            assertThat(fields.get("requestedBy")).isEqualTo("self");
        });
        Long tombstoneSeconds = redis.getExpire(UserDeletion.tombstoneKey(userId));
        assertThat(tombstoneSeconds).as("outlives a 15 min access token").isBetween(15 * 60L + 1, 17 * 60L);
        assertThat(redis.getExpire(UserDeletion.statusKey(erasureId))).isGreaterThan(Duration.ofDays(29).toSeconds());

        Response status = call("GET", "/api/erasures/" + erasureId, null);
        assertThat(status.status()).as("readable without a token").isEqualTo(200);
        assertThat(status.json().path("services").path("identity").asString()).isNotBlank();
        assertThat(status.json().path("services").path("event-logger").isNull()).isTrue();
        assertThat(status.json().path("services").path("risk-engine").isNull()).isTrue();
        assertThat(status.json().path("complete").asBoolean()).isFalse();
    }

    @Test
    void anErasureShouldNeverPushOutErasuresNoServiceHasDoneYet() {
        // Many erasures still waiting for their consumers (a service down during a mass erasure).
        String marker = "waiting-" + UUID.randomUUID();
        redis.executePipelined((RedisCallback<Object>) connection -> {
            for (int i = 0; i < 10_200; i++) {
                connection.streamCommands().xAdd(MapRecord.create(
                        BusNames.USER_DELETED_STREAM.getBytes(StandardCharsets.UTF_8),
                        Map.of("marker".getBytes(StandardCharsets.UTF_8), (marker + i).getBytes(StandardCharsets.UTF_8))));
            }
            return null;
        });
        String email = uniqueEmail("mass");
        client.register(email, PASSWORD);
        String access = client.login(email, PASSWORD).text("accessToken");

        assertThat(call("DELETE", "/api/users/me", access).status()).isEqualTo(202);

        List<MapRecord<String, Object, Object>> oldest = redis.opsForStream().range(BusNames.USER_DELETED_STREAM,
                Range.unbounded(), Limit.limit().count(20_000));
        assertThat(oldest).extracting(entry -> String.valueOf(entry.getValue().get("marker")))
                .as("every waiting erasure is still there").contains(marker + 0, marker + 10_199);
        redis.opsForStream().delete(BusNames.USER_DELETED_STREAM, oldest.stream()
                .filter(entry -> String.valueOf(entry.getValue().get("marker")).startsWith(marker))
                .map(MapRecord::getId).toArray(RecordId[]::new));
    }

    @Test
    void erasingAgainShouldBeAcceptedAndAnnouncedAgainButNotWithTheErasedUsersToken() {
        Response registered = client.register(uniqueEmail("twice"), PASSWORD);
        String access = registered.text("accessToken");
        String userId = registered.text("userId");

        Response first = call("DELETE", "/api/users/me", access);
        Response again = call("DELETE", "/api/users/me", access);
        Response byAdmin = call("DELETE", "/api/admin/users/" + userId, adminToken());
        Response byAdminAgain = call("DELETE", "/api/admin/users/" + userId, adminToken());

        assertThat(again.status()).as("the erased user's token is refused").isEqualTo(401);
        assertThat(List.of(first.status(), byAdmin.status(), byAdminAgain.status())).containsOnly(202);
        assertThat(announcement(UUID.fromString(byAdmin.text("erasureId"))))
                .hasValueSatisfying(fields -> assertThat(fields.get("requestedBy")).isEqualTo("admin"));
        assertThat(announcement(UUID.fromString(byAdminAgain.text("erasureId")))).isPresent();
        assertThat(List.of(first.text("erasureId"), byAdmin.text("erasureId"), byAdminAgain.text("erasureId")))
                .doesNotHaveDuplicates();
    }

    @Test
    void adminMayExportAndEraseAnyAccountAndUnknownOnesAreStillAnnounced() {
        String email = uniqueEmail("by-admin");
        String userId = client.register(email, PASSWORD).text("userId");
        String admin = adminToken();

        Response export = call("GET", "/api/admin/users/" + userId + "/data", admin);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.json().path("email").asString()).isEqualTo(email);

        Response erased = call("DELETE", "/api/admin/users/" + userId, admin);
        assertThat(erased.status()).isEqualTo(202);
        assertThat(count("identity.users where id = ?", UUID.fromString(userId))).isZero();
        assertThat(call("GET", "/api/admin/users/" + userId + "/data", admin).status()).isEqualTo(404);

        UUID unknown = UUID.randomUUID();
        Response unknownErased = call("DELETE", "/api/admin/users/" + unknown, admin);
        assertThat(unknownErased.status()).isEqualTo(202);
        assertThat(announcement(UUID.fromString(unknownErased.text("erasureId"))))
                .hasValueSatisfying(fields -> assertThat(fields.get("userId")).isEqualTo(unknown.toString()));
    }

    @Test
    void userMayNotExportOrEraseAnotherUserAndAnonymousMayDoNeither() {
        Response alice = client.register(uniqueEmail("alice"), PASSWORD);
        String bobEmail = uniqueEmail("bob");
        Response bob = client.register(bobEmail, PASSWORD);
        String aliceId = alice.text("userId");
        String bobToken = bob.text("accessToken");

        assertThat(call("GET", "/api/admin/users/" + aliceId + "/data", bobToken).status()).isEqualTo(403);
        assertThat(call("DELETE", "/api/admin/users/" + aliceId, bobToken).status()).isEqualTo(403);
        Response bobsOwn = call("GET", "/api/users/me/data", bobToken);
        assertThat(bobsOwn.json().path("email").asString()).isEqualTo(bobEmail);
        assertThat(bobsOwn.body()).doesNotContain(aliceId);
        assertThat(call("GET", "/api/users/me/data", null).status()).isEqualTo(401);
        assertThat(call("DELETE", "/api/users/me", null).status()).isEqualTo(401);
        assertThat(call("DELETE", "/api/admin/users/" + aliceId, null).status()).isEqualTo(401);
        assertThat(count("identity.users where id = ?", UUID.fromString(aliceId))).isOne();
    }

    @Test
    void statusOfUnknownErasureShouldBe404() {
        Response status = call("GET", "/api/erasures/" + UUID.randomUUID(), null);

        assertThat(status.status()).isEqualTo(404);
        assertThat(status.header("Content-Type")).contains("application/problem+json");
    }

    @Test
    void eraseWhileRedisIsDownShouldAnswer503AndDeleteNothing() {
        Optional<EmbeddedRedisServer> embedded = RealServers.get().embeddedRedis();
        assumeThat(embedded).as("needs the embedded Redis to stop it").isPresent();
        Response registered = client.register(uniqueEmail("redis-down"), PASSWORD);
        UUID userId = UUID.fromString(registered.text("userId"));

        Response erased;
        embedded.get().stop();
        try {
            erased = call("DELETE", "/api/users/me", registered.text("accessToken"));
        } finally {
            embedded.get().start();
        }

        assertThat(erased.status()).isEqualTo(503);
        assertThat(erased.header("Retry-After")).isNotBlank();
        assertThat(count("identity.users where id = ?", userId)).isOne();
        assertThat(count("identity.refresh_tokens where user_id = ?", userId)).isOne();
    }

    private String adminToken() {
        return client.admin().text("accessToken");
    }

    private Response call(String method, String path, @Nullable String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.baseUrl() + path))
                .timeout(Duration.ofSeconds(60)).method(method, HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return client.send(request.build());
    }

    private long count(String fromWhere, Object parameter) {
        Long count = jdbc.queryForObject("select count(*) from " + fromWhere, Long.class, parameter);
        return count == null ? 0 : count;
    }

    private Optional<java.util.Map<Object, Object>> announcement(UUID erasureId) {
        List<MapRecord<String, Object, Object>> entries = redis.opsForStream()
                .range(BusNames.USER_DELETED_STREAM, Range.unbounded());
        return entries == null ? Optional.empty() : entries.stream().map(MapRecord::getValue)
                .filter(fields -> erasureId.toString().equals(fields.get("erasureId"))).findFirst();
    }

    private static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@example.test";
    }
}
