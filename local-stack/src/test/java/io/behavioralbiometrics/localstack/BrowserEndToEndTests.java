package io.behavioralbiometrics.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.testsupport.PostgresEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo page in a real headless Chromium, driven by Playwright, against the local
 * stack: register, capture mouse and keys (also in a password field), acks, training and
 * a risk value on the page; then PostgreSQL must hold the events and no real key code
 * of what was typed in the password field. A second run deletes an account from the page.
 */
@ExtendWith(RunningStack.class)
class BrowserEndToEndTests {

    private static Path chromium() {
        String configured = System.getenv("CHROMIUM_PATH");
        for (String candidate : configured == null ? List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")
                : List.of(configured)) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    /** Runs a Playwright script from test-client/e2e against the demo page; its last JSON line. */
    private static JsonNode runScript(String script, Map<String, String> environment) throws Exception {
        Path chromium = chromium();
        if (chromium == null || !NodeTool.available("node")) {
            NodeTool.warnLoudly("the real-browser end-to-end test did not run: it needs Debian's chromium "
                    + "(apt-get install chromium, or set CHROMIUM_PATH) and Node.js 20+. .ci/run installs chromium.");
            Assumptions.abort("chromium or node missing");
        }
        NodeTool.npmCi();
        Map<String, String> env = new HashMap<>(environment);
        env.put("CHROMIUM_PATH", chromium.toString());
        NodeTool.Result run = NodeTool.run(List.of("node", "e2e/" + script, RunningStack.get().options().demoUrl()),
                env, Duration.ofMinutes(5));

        assertThat(run.exitCode()).as("browser run:%n%s", run.output()).isZero();
        String last = run.output().lines().filter(line -> line.startsWith("[node] {")).reduce((a, b) -> b)
                .map(line -> line.substring("[node] ".length()))
                .orElse(run.output().lines().filter(line -> line.startsWith("{")).reduce((a, b) -> b).orElseThrow());
        return JsonMapper.builder().build().readTree(last);
    }

    @Test
    void demoPageCapturesTrainsAndShowsRiskWithoutLeakingPasswordKeys() throws Exception {
        LocalStack stack = RunningStack.get();
        Path screenshot = Path.of("target", "e2e-demo.png").toAbsolutePath();

        JsonNode result = runScript("demo.e2e.mjs", Map.of("SCREENSHOT_PATH", screenshot.toString()));

        assertThat(result.path("eventsAcked").asInt()).isGreaterThan(200);
        double risk = result.path("risk").asDouble();
        assertThat(risk).isBetween(0.0, 1.0);
        // The page shows the risk engine's level (default thresholds 0.95 and 0.99), not one of its own.
        String level = result.path("level").asString();
        assertThat(level).isIn("low", "medium", "high");
        if (risk <= 0.93) {
            assertThat(level).as("level shown for risk %s", risk).isEqualTo("low");
        } else if (risk >= 0.995) {
            assertThat(level).as("level shown for risk %s", risk).isEqualTo("high");
        }
        assertThat(result.path("train").asString()).contains("success");

        UUID userId = UUID.fromString(result.path("userId").asString());
        assertThat(LocalStackEndToEndTests.storedEvents(stack.postgres(), userId)).isGreaterThan(200);
        List<String> keyCodes = keyCodes(stack.postgres(), userId);
        assertThat(keyCodes).as("typed in the text field").contains("KeyH", "KeyE", "KeyL", "KeyO", "Space");
        assertThat(keyCodes).as("typed in the password field: timing only").contains("*")
                .doesNotContain("KeyZ", "KeyX", "Digit9", "KeyQ", "KeyJ");
        assertThat(screenshot).exists();
    }

    @Test
    void demoPageDeletesTheAccountAndTheSdkStopsForGood() throws Exception {
        LocalStack stack = RunningStack.get();

        JsonNode result = runScript("erase.e2e.mjs", Map.of());

        UUID userId = UUID.fromString(result.path("userId").asString());
        assertThat(result.path("eventsAcked").asInt()).isPositive();
        assertThat(result.path("question").asString()).as("confirmation asked").contains(result.path("email").asString());
        assertThat(result.path("status").asString()).isEqualTo("stopped: account erased");
        assertThat(result.path("erasure").asString()).startsWith("Erased everywhere.")
                .contains("identity: done").doesNotContain("pending");
        assertThat(result.path("startDisabled").asBoolean()).as("capture cannot restart").isTrue();
        assertThat(result.path("eraseDisabled").asBoolean()).isTrue();
        assertThat(result.path("capturedAfter").asInt()).as("nothing captured after the erasure")
                .isEqualTo(result.path("captured").asInt());

        Map<String, Long> left = ErasureEndToEndTests.rowsOf(stack.postgres(), userId);
        left.remove(ErasureEndToEndTests.ERASED_USERS_TABLE);
        assertThat(left).as("rows of the erased user").isEmpty();
    }

    private static List<String> keyCodes(PostgresEndpoint postgres, UUID userId) throws Exception {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             PreparedStatement query = connection.prepareStatement(
                     "SELECT code FROM events.behavioral_events WHERE user_id = ? AND code IS NOT NULL")) {
            query.setObject(1, userId);
            List<String> codes = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    codes.add(rows.getString(1));
                }
            }
            return codes;
        }
    }
}
