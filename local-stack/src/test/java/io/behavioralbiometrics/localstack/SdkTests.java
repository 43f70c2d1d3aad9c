package io.behavioralbiometrics.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Runs the browser SDK's own test suite (Node's test runner) as part of the build. */
class SdkTests {

    @Test
    void sdkTestSuitePasses() throws Exception {
        if (!NodeTool.available("npm")) {
            NodeTool.warnLoudly("Node.js/npm not found: the browser SDK's tests in test-client/ did not run. "
                    + "Install Node.js 20+ to run them.");
            Assumptions.abort("npm not found");
        }
        NodeTool.npmCi();

        NodeTool.Result result = NodeTool.run(List.of("npm", "test"), Map.of(), Duration.ofMinutes(5));

        assertThat(result.exitCode()).as("npm test exit code; output:%n%s", result.output()).isZero();
        assertThat(result.output()).containsPattern("pass [1-9]");
        assertThat(result.output()).containsPattern("fail 0");
    }
}
