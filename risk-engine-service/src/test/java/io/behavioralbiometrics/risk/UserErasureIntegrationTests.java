package io.behavioralbiometrics.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.UserDeletion;
import io.behavioralbiometrics.risk.live.SessionKeys;
import io.behavioralbiometrics.risk.scoring.ScoreRateLimit;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.stream.MapRecord;
import tools.jackson.databind.JsonNode;

class UserErasureIntegrationTests extends RiskEngineIntegrationTest {

    private static final double START = 1_760_000_000_000d;

    @Test
    void stillValidTokenOfAnErasedUserShouldBe401() {
        UUID erased = UUID.randomUUID();
        String token = TOKENS.accessToken(erased);
        assertThat(get("/api/users/me/data", token).status()).isEqualTo(200);

        redis.opsForValue().set(UserDeletion.tombstoneKey(erased), "1", Duration.ofMinutes(5));

        assertThat(get("/api/users/me/data", token).status()).isEqualTo(401);
        assertThat(get("/risk/sessions/" + UUID.randomUUID(), token).status()).isEqualTo(401);
        assertThat(get("/api/users/me/data", TOKENS.accessToken(UUID.randomUUID())).status()).isEqualTo(200);
    }

    @Test
    void erasureShouldDeleteModelsSessionRisksAndRedisStateAndBeIdempotent() {
        UUID erased = trainedUserWithSession();
        UUID kept = trainedUserWithSession();
        UUID session = sessionOf(erased);
        String window = SessionKeys.window(erased, session);
        // A session that was never scored has a window but no session_risk row.
        String unscoredWindow = SessionKeys.window(erased, UUID.randomUUID());
        String keptWindow = SessionKeys.window(kept, sessionOf(kept));
        redis.opsForList().rightPush(window, "[{}]");
        redis.opsForValue().set(window + ":new", "3");
        redis.opsForList().rightPush(unscoredWindow, "[{}]");
        // Listed among the user's live windows, as the window script lists every window it writes.
        redis.opsForZSet().add(SessionKeys.live(erased), window, System.currentTimeMillis());
        redis.opsForZSet().add(SessionKeys.live(erased), unscoredWindow, System.currentTimeMillis());
        redis.opsForHash().put(unscoredWindow + ":evidence", "MOUSE", "1.0|0");
        redis.opsForList().rightPush(keptWindow, "[{}]");
        redis.opsForValue().set("bb:risk:retrain:events:" + erased, "42");
        redis.opsForValue().set(ScoreRateLimit.key(erased), "5");

        for (int round = 1; round <= 2; round++) {
            UserDeletion deletion = new UserDeletion(erased, UUID.randomUUID(), Instant.now(),
                    UserDeletion.RequestedBy.ADMIN);
            redis.opsForStream().add(MapRecord.create(BusNames.USER_DELETED_STREAM, deletion.toFields()));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    redis.opsForHash().get(deletion.statusKey(), UserDeletion.RISK_ENGINE)).isNotNull());

            assertThat(count("risk.user_models", erased)).as("round %d", round).isZero();
            assertThat(count("risk.session_risk", erased)).isZero();
            assertThat(redis.hasKey(window)).isFalse();
            assertThat(redis.hasKey(window + ":new")).isFalse();
            assertThat(redis.hasKey(unscoredWindow)).isFalse();
            assertThat(redis.hasKey(unscoredWindow + ":evidence")).isFalse();
            assertThat(redis.hasKey(SessionKeys.live(erased))).isFalse();
            assertThat(redis.hasKey("bb:risk:retrain:events:" + erased)).isFalse();
            assertThat(redis.hasKey(ScoreRateLimit.key(erased))).isFalse();
            assertThat(redis.opsForStream().pending(BusNames.USER_DELETED_STREAM, BusNames.RISK_ENGINE_GROUP)
                    .getTotalPendingMessages()).isZero();
        }
        assertThat(count("risk.user_models", kept)).isPositive();
        assertThat(count("risk.session_risk", kept)).isOne();
        assertThat(redis.hasKey(keptWindow)).isTrue();
        assertThat(score(erased, TOKENS.accessToken(erased),
                new SyntheticMouse(SyntheticMouse.CALM, 9, START).actions(10)).status()).as("no model left")
                .isEqualTo(404);
    }

    @Test
    void exportShouldListModelMetadataAndSessionRisksOfTheCallerOnly() {
        UUID alice = trainedUserWithSession();
        UUID bob = UUID.randomUUID();

        Response own = get("/api/users/me/data", TOKENS.accessToken(alice));

        assertThat(own.status()).isEqualTo(200);
        JsonNode models = own.body().path("models");
        assertThat(models.size()).isPositive();
        assertThat(models.get(0).path("version").asInt()).isEqualTo(1);
        assertThat(models.get(0).path("trainingEvents").asInt()).isPositive();
        assertThat(models.get(0).path("featureSet").asString()).isNotBlank();
        assertThat(models.get(0).path("hyperparameters").isObject()).isTrue();
        assertThat(models.get(0).has("model")).as("never the serialized model").isFalse();
        assertThat(own.body().path("sessionRisks").get(0).path("sessionId").asString())
                .isEqualTo(sessionOf(alice).toString());

        Response bobs = get("/api/users/me/data", TOKENS.accessToken(bob));
        assertThat(bobs.body().path("models").size()).isZero();
        assertThat(bobs.body().toString()).doesNotContain(alice.toString());
        assertThat(get("/api/admin/users/" + alice + "/data", TOKENS.accessToken(bob)).status()).isEqualTo(403);
        Response byAdmin = get("/api/admin/users/" + alice + "/data", TOKENS.adminToken(UUID.randomUUID()));
        assertThat(byAdmin.status()).isEqualTo(200);
        assertThat(byAdmin.body().path("models").size()).isEqualTo(models.size());
        assertThat(get("/api/users/me/data", null).status()).isEqualTo(401);
    }

    private UUID trainedUserWithSession() {
        UUID user = trainedUser(new SyntheticMouse(SyntheticMouse.CALM, 3, START), 3, 40);
        jdbc.update("""
                insert into risk.session_risk (session_id, user_id, risk, level, feature_set, model_version, windows, updated_at)
                values (?, ?, 0.2, 'LOW', 'BASELINE', 1, 3, ?)""", UUID.randomUUID(), user, Timestamp.from(Instant.now()));
        return user;
    }

    private UUID sessionOf(UUID user) {
        return jdbc.queryForObject("select session_id from risk.session_risk where user_id = ?", UUID.class, user);
    }

    private long count(String table, UUID user) {
        Long count = jdbc.queryForObject("select count(*) from " + table + " where user_id = ?", Long.class, user);
        return count == null ? 0 : count;
    }
}
