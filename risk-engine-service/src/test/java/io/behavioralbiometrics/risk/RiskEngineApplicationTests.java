package io.behavioralbiometrics.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.testsupport.RealServersConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

// Without a live consumer: this context stays cached beside the integration tests' one,
// whose consumer group entries it would otherwise take (same consumer name, same JVM).
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "bb.risk.live.enabled=false")
@Import(RealServersConfiguration.class)
class RiskEngineApplicationTests {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void signingKey(DynamicPropertyRegistry registry) {
        registry.add("bb.risk.model-signing-key", () -> RiskEngineIntegrationTest.SIGNING_KEY);
    }

    @Test
    void readinessIsUpAgainstRealServers() {
        String body = RestClient.create("http://localhost:" + port).get().uri("/actuator/health/readiness")
                .retrieve().body(String.class);
        assertThat(body).contains("\"status\":\"UP\"");
    }
}
