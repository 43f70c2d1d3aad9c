package io.behavioralbiometrics.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.testsupport.RealServersConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.client.RestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RealServersConfiguration.class)
class IdentityApplicationTests {

    @LocalServerPort
    int port;

    @Test
    void readinessIsUpAgainstRealServers() {
        String body = RestClient.create("http://localhost:" + port).get().uri("/actuator/health/readiness")
                .retrieve().body(String.class);
        assertThat(body).contains("\"status\":\"UP\"");
    }
}
