package io.behavioralbiometrics.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.risk.scoring.ScoreRateLimit;
import io.behavioralbiometrics.testsupport.RealServersConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * Training and scoring under the limits a deployment runs with: a one-hour cooldown after a
 * requested training, one training per user at a time across replicas, a small read limit
 * ({@code max-events}) to show which events a training picks, and a small score rate.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bb.risk.live.enabled=false", "bb.risk.training.cooldown=1h",
            "bb.risk.training.max-events=3000", "bb.risk.background.check-every=2s",
            "bb.risk.scoring.requests-per-window=3"})
@Import({RealServersConfiguration.class, EventsTableConfiguration.class})
class TrainingLimitsIntegrationTests extends RiskEngineIntegrationTest {

    private static final double START = 1_765_000_000_000d;

    private UUID enrolled(long seed) {
        UUID user = UUID.randomUUID();
        SyntheticMouse mouse = new SyntheticMouse(SyntheticMouse.CALM, seed, START);
        for (int session = 0; session < 3; session++) {
            store(user, UUID.randomUUID(), mouse.actions(15));
        }
        return user;
    }

    private int versions(UUID user) {
        return jdbc.queryForObject("select count(*) from risk.user_models where user_id = ?", Integer.class, user);
    }

    @Test
    void scoreRequestsOfOneUserAreCountedOnAllReplicasTogetherAndAdminsAreNotLimited() {
        UUID user = UUID.randomUUID();
        String token = TOKENS.accessToken(user);
        List<BehavioralEvent> events = new SyntheticMouse(SyntheticMouse.CALM, 43, START).actions(3);
        try (ConfigurableApplicationContext other = otherReplica("--bb.risk.scoring.requests-per-window=3")) {
            int otherPort = portOf(other);
            // No model yet, so an admitted request is answered 404: the limit comes before the work.
            assertThat(score(user, token, events).status()).isEqualTo(404);
            assertThat(score(otherPort, user, token, events).status()).isEqualTo(404);
            assertThat(score(user, token, events).status()).isEqualTo(404);

            Response refused = score(otherPort, user, token, events);
            assertThat(refused.status()).as(refused.body().toString()).isEqualTo(429);
            assertThat(refused.body().path("title").asString()).isEqualTo("Too many score requests");
            long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 60L);
            assertThat(refused.body().path("retryAfterSeconds").asLong()).isEqualTo(retryAfter);
            assertThat(score(user, token, events).status()).as("this replica counts the same requests").isEqualTo(429);

            assertThat(score(user, TOKENS.adminToken(UUID.randomUUID()), events).status()).as("an admin").isEqualTo(404);
            UUID someoneElse = UUID.randomUUID();
            assertThat(score(someoneElse, TOKENS.accessToken(someoneElse), events).status()).isEqualTo(404);
        }
    }

    @Test
    void aScoreCountLeftWithoutExpiryGetsOneSoTheUserIsNotRefusedForGood() {
        UUID user = UUID.randomUUID();
        redis.opsForValue().set(ScoreRateLimit.key(user), "1000");

        Response refused = score(user, TOKENS.accessToken(user), new SyntheticMouse(SyntheticMouse.CALM, 44, START).actions(3));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(redis.getExpire(ScoreRateLimit.key(user))).isBetween(1L, 60L);
    }

    @Test
    void concurrentTrainingsOfOneUserOnTwoReplicasStoreOneTraining() throws Exception {
        UUID user = enrolled(41);
        String token = TOKENS.accessToken(user);
        try (ConfigurableApplicationContext other = otherReplica("--bb.risk.training.cooldown=1h");
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            int otherPort = portOf(other);
            List<Callable<Response>> requests = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int target = i % 2 == 0 ? port : otherPort;
                requests.add(() -> postTo(target, "/model/train/" + user, token));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> response : clients.invokeAll(requests)) {
                Response done = response.get();
                statuses.add(done.status());
                if (done.status() != 200) {
                    assertThat(done.headers().firstValue("Content-Type")).hasValueSatisfying(
                            type -> assertThat(type).startsWith("application/problem+json"));
                }
            }

            // The others ran into the running training (409) or, after it, the cooldown (429).
            assertThat(statuses).containsOnlyOnce(200);
            assertThat(statuses).allMatch(status -> status == 200 || status == 409 || status == 429);
        }
        assertThat(jdbc.queryForList("select distinct version from risk.user_models where user_id = ?",
                Integer.class, user)).containsExactly(1);
    }

    @Test
    void aTrainingHeldOnAnotherReplicaGets409UntilItsLeaseEnds() {
        UUID user = enrolled(42);
        // Another replica is training this user right now.
        jdbc.update("insert into risk.training_leases (user_id, holder, leased_until) values (?, ?, now() + interval '5 minutes')",
                user, UUID.randomUUID());

        Response refused = train(user, TOKENS.accessToken(user));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("title").asString()).isEqualTo("Training in progress");
        assertThat(versions(user)).isZero();

        // That replica died: its lease runs out and the next request trains.
        jdbc.update("update risk.training_leases set leased_until = now() - interval '1 second' where user_id = ?", user);
        assertThat(train(user, TOKENS.accessToken(user)).status()).isEqualTo(200);
    }

    @Test
    void aSecondTrainingWithinTheCooldownGets429WithRetryAfterAndStoresNothing() {
        UUID user = enrolled(43);
        assertThat(train(user, TOKENS.accessToken(user)).status()).isEqualTo(200);
        int stored = versions(user);

        Response again = train(user, TOKENS.accessToken(user));

        assertThat(again.status()).isEqualTo(429);
        long retryAfter = Long.parseLong(again.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 3600L);
        assertThat(again.body().path("retryAfterSeconds").asLong()).isEqualTo(retryAfter);
        assertThat(again.body().path("status").asInt()).isEqualTo(429);
        assertThat(versions(user)).isEqualTo(stored);
    }

    @Test
    void aFailedTrainingStartsNoCooldown() {
        UUID user = UUID.randomUUID();
        store(user, UUID.randomUUID(), new SyntheticMouse(SyntheticMouse.CALM, 44, START).actions(1));
        assertThat(train(user, TOKENS.accessToken(user)).status()).isEqualTo(422);

        SyntheticMouse mouse = new SyntheticMouse(SyntheticMouse.CALM, 45, START + 1e8);
        for (int session = 0; session < 3; session++) {
            store(user, UUID.randomUUID(), mouse.actions(15));
        }
        assertThat(train(user, TOKENS.accessToken(user)).status()).isEqualTo(200);
    }

    /** Erasure correctness depends on this retraining, so a user's cooldown must not hold it back. */
    @Test
    void theRetrainingAfterABackgroundUsersErasureIgnoresTheCooldown() throws InterruptedException {
        UUID user = enrolled(46);
        assertThat(train(user, TOKENS.accessToken(user)).status()).isEqualTo(200);
        assertThat(train(user, TOKENS.accessToken(user)).status()).isEqualTo(429);
        // As RiskErasure leaves a model that learnt against an erased user.
        jdbc.update("update risk.user_models set background_stale_since = now() where user_id = ?", user);

        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (staleOrOld(user) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }

        assertThat(jdbc.queryForList("select distinct version from risk.user_models where user_id = ?", Integer.class,
                user)).containsExactly(2);
        assertThat(jdbc.queryForObject("select count(*) from risk.user_models where user_id = ? "
                + "and background_stale_since is not null", Integer.class, user)).isZero();
    }

    private boolean staleOrOld(UUID user) {
        return jdbc.queryForObject("""
                select count(*) from risk.user_models
                where user_id = ? and (background_stale_since is not null or version < 2)""", Integer.class, user) > 0;
    }

    /**
     * Events planted long ago with client times ten years ahead (what a stolen token could
     * send before the ingestor checked client times) would outrank every later event if
     * training ranked by client time. Ranked by receive time, the 3000 events read are the
     * user's recent mouse sessions, and the planted typing never reaches a model.
     */
    @Test
    void trainingReadsTheEventsReceivedLastWhateverTheirClientTime() {
        UUID user = UUID.randomUUID();
        double future = Instant.now().plus(Duration.ofDays(3650)).toEpochMilli();
        store(user, UUID.randomUUID(), new SyntheticTyping(SyntheticTyping.STEADY, 47, future).bursts(60),
                Instant.now().minus(Duration.ofDays(2)));
        SyntheticMouse mouse = new SyntheticMouse(SyntheticMouse.CALM, 48, START);
        int recent = 0;
        while (recent < 3000) {
            List<io.behavioralbiometrics.core.event.BehavioralEvent> session = mouse.actions(15);
            store(user, UUID.randomUUID(), session);
            recent += session.size();
        }

        Response trained = train(user, TOKENS.accessToken(user));

        assertThat(trained.status()).as(trained.body().toString()).isEqualTo(200);
        assertThat(trained.body().path("events_processed").asInt()).isEqualTo(3000);
        assertThat(trained.body().path("models").findValuesAsString("featureSet"))
                .containsExactlyInAnyOrder("MOUSE", "BASELINE");
    }
}
