package io.behavioralbiometrics.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What is kept of a user's models and which stored models are trusted: the last
 * {@code bb.risk.training.keep-versions} (3) versions per feature set, and only rows whose
 * signature under the deployment's key covers this user, feature set, version and bytes.
 */
class ModelVersionsIntegrationTests extends RiskEngineIntegrationTest {

    private static final double START = 1_765_000_000_000d;

    @Test
    void onlyTheLastThreeVersionsOfEachFeatureSetAreKept() {
        UUID user = trainedUser(new SyntheticMouse(SyntheticMouse.CALM, 31, START), 3, 40);
        for (int retrain = 2; retrain <= 5; retrain++) {
            Response trained = train(user, TOKENS.accessToken(user));
            assertThat(trained.status()).as(trained.body().toString()).isEqualTo(200);
        }

        for (String featureSet : List.of("MOUSE", "BASELINE")) {
            assertThat(jdbc.queryForList("select version from risk.user_models where user_id = ? and feature_set = ? "
                    + "order by version", Integer.class, user, featureSet)).containsExactly(3, 4, 5);
        }
        assertThat(jdbc.queryForObject("""
                select count(*) from risk.model_background b
                where not exists (select 1 from risk.user_models m where m.id = b.model_id)""", Integer.class))
                .isZero();
        Response scored = score(user, TOKENS.accessToken(user),
                new SyntheticMouse(SyntheticMouse.CALM, 32, START + 1e9).actions(5));
        assertThat(scored.status()).as(scored.body().toString()).isEqualTo(200);
        assertThat(scored.body().path("modelVersion").asInt()).isEqualTo(5);
    }

    /**
     * Someone who can write the models table but lacks the key plants another user's (valid,
     * well-formed) model as this user's next version: it must not score this user.
     */
    @Test
    void aModelCopiedFromAnotherUserIsNotUsed() {
        UUID victim = trainedUser(new SyntheticMouse(SyntheticMouse.CALM, 33, START), 3, 40);
        UUID attacker = trainedUser(new SyntheticMouse(SyntheticMouse.HASTY, 34, START), 3, 40);
        plantCopy(attacker, victim, true);

        Response scored = score(victim, TOKENS.accessToken(victim),
                new SyntheticMouse(SyntheticMouse.HASTY, 35, START + 1e9).actions(5));

        assertThat(scored.status()).as(scored.body().toString()).isEqualTo(404);
        assertThat(scored.body().path("title").asString()).isEqualTo("No model");
    }

    @Test
    void aModelWithoutASignatureIsNotUsed() {
        UUID user = trainedUser(new SyntheticMouse(SyntheticMouse.CALM, 36, START), 3, 40);
        plantCopy(user, user, false);

        Response scored = score(user, TOKENS.accessToken(user),
                new SyntheticMouse(SyntheticMouse.CALM, 37, START + 1e9).actions(5));

        assertThat(scored.status()).as(scored.body().toString()).isEqualTo(404);
    }

    @Test
    void aModelWhoseBytesWereAlteredIsNotUsedButARetrainServesAgain() {
        UUID user = trainedUser(new SyntheticMouse(SyntheticMouse.CALM, 38, START), 3, 40);
        plantCopy(user, user, true);
        // One double of the model changed: still a readable model, no longer the one that was signed.
        jdbc.update("""
                update risk.user_models set model = overlay(model placing '\\x3f'::bytea from length(model) - 40 for 1)
                where user_id = ? and version = 2""", user);

        assertThat(score(user, TOKENS.accessToken(user),
                new SyntheticMouse(SyntheticMouse.CALM, 39, START + 1e9).actions(5)).status()).isEqualTo(404);

        assertThat(train(user, TOKENS.accessToken(user)).status()).isEqualTo(200);
        Response scored = score(user, TOKENS.accessToken(user),
                new SyntheticMouse(SyntheticMouse.CALM, 40, START + 1e9).actions(5));
        assertThat(scored.status()).as(scored.body().toString()).isEqualTo(200);
        assertThat(scored.body().path("modelVersion").asInt()).isEqualTo(3);
    }

    /** Inserts {@code from}'s version-1 rows as {@code to}'s version 2, with their signature or without. */
    private void plantCopy(UUID from, UUID to, boolean withSignature) {
        jdbc.update("""
                insert into risk.user_models (user_id, feature_set, feature_set_version, version, model, training_events,
                    training_rows, calibration, hyperparameters, trained_at, training_millis, model_kind, model_mac)
                select ?, feature_set, feature_set_version, 2, model, training_events, training_rows, calibration,
                    hyperparameters, trained_at, training_millis, model_kind, case when ? then model_mac end
                from risk.user_models where user_id = ? and version = 1""", to, withSignature, from);
    }
}
