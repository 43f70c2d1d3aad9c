package io.behavioralbiometrics.eventlogger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

@EventLoggerIntegrationTest
class EventLoggerApplicationTests {

    @LocalServerPort
    int port;

    @Test
    void readinessIsUpAgainstRealServers() {
        String body = RestClient.create("http://localhost:" + port).get().uri("/actuator/health/readiness")
                .retrieve().body(String.class);
        assertThat(body).contains("\"status\":\"UP\"");
    }

    @Test
    void prometheusShouldExposeTheConsumerMetrics() {
        String body = RestClient.create("http://localhost:" + port).get().uri("/actuator/prometheus")
                .retrieve().body(String.class);
        assertThat(body).contains("bb_events_persisted_events_total", "bb_events_dead_letters_entries_total",
                "bb_events_batch_size_events", "bb_events_pending_entries", "bb_events_stream_length_entries");
    }
}
