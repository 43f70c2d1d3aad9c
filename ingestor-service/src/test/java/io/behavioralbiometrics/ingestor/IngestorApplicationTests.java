package io.behavioralbiometrics.ingestor;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.testsupport.ManagementEndpoints;
import io.behavioralbiometrics.testsupport.RealServersConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RealServersConfiguration.class)
class IngestorApplicationTests {

    @LocalServerPort
    int port;

    @Value("${local.management.port}")
    int managementPort;

    @Test
    void actuatorIsServedOnTheManagementPortOnlyWithoutAToken() {
        String scrape = ManagementEndpoints.assertServedOnTheManagementPortOnly(port, managementPort);
        assertThat(scrape).contains("bb_ingest_backlog_entries");
    }
}
