package io.behavioralbiometrics.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.risk.model.RiskLevel;
import io.behavioralbiometrics.testsupport.RealServersConfiguration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Risk levels are the deployment's policy, applied when a risk is computed: a replica
 * configured with its own thresholds labels the same calibrated risks by them.
 *
 * <p>Its own application context in the module's JVM (not closed early: in the Testcontainers
 * path the shared containers are beans of every context). It neither consumes the live stream
 * nor erasures, so it cannot take entries that the other contexts' tests wait for.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bb.risk.live.enabled=false", "bb.risk.erasure.enabled=false",
        "bb.risk.levels.medium=0.3", "bb.risk.levels.high=0.6"})
@Import({RealServersConfiguration.class, EventsTableConfiguration.class})
class RiskLevelPolicyIntegrationTests extends RiskEngineIntegrationTest {

    private static final double START = 1_780_000_000_000d;

    @Test
    void scoresShouldBeLabelledWithTheConfiguredThresholds() {
        UUID user = trainedUser(new SyntheticMouse(SyntheticMouse.CALM, 41, START), 4, 40);

        // The genuine user's risks are close to uniform on [0, 1], so some fall between 0.3
        // and 0.95: LOW by default, MEDIUM or HIGH here.
        SyntheticMouse genuine = new SyntheticMouse(SyntheticMouse.CALM, 42, START + 1e9);
        int raisedByPolicy = 0;
        for (int i = 0; i < 20; i++) {
            Response response = score(user, TOKENS.accessToken(user), genuine.actions(6));
            assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
            double risk = response.body().path("risk").asDouble();
            RiskLevel level = RiskLevel.valueOf(response.body().path("level").asString());
            assertThat(level).as("level of risk %s", risk).isEqualTo(RiskLevel.of(risk, 0.3, 0.6));
            raisedByPolicy += level != RiskLevel.LOW && risk < 0.95 ? 1 : 0;
        }
        assertThat(raisedByPolicy).as("scores below the default MEDIUM threshold labelled by this policy")
                .isPositive();
    }
}
