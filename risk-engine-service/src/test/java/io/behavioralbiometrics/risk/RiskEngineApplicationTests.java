package io.behavioralbiometrics.risk;

import io.behavioralbiometrics.testsupport.ManagementEndpoints;
import io.behavioralbiometrics.testsupport.RealServersConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

// Without a live consumer: this context stays cached beside the integration tests' one,
// whose consumer group entries it would otherwise take (same consumer name, same JVM).
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "bb.risk.live.enabled=false")
@Import(RealServersConfiguration.class)
class RiskEngineApplicationTests {

    @LocalServerPort
    int port;

    @Value("${local.management.port}")
    int managementPort;

    @DynamicPropertySource
    static void signingKey(DynamicPropertyRegistry registry) {
        registry.add("bb.risk.model-signing-key", () -> RiskEngineIntegrationTest.SIGNING_KEY);
    }

    @Test
    void actuatorIsServedOnTheManagementPortOnlyWithoutAToken() {
        ManagementEndpoints.assertServedOnTheManagementPortOnly(port, managementPort);
    }
}
