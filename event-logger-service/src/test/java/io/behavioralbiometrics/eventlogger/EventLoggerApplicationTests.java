package io.behavioralbiometrics.eventlogger;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.testsupport.ManagementEndpoints;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

@EventLoggerIntegrationTest
class EventLoggerApplicationTests {

    @LocalServerPort
    int port;

    @Value("${local.management.port}")
    int managementPort;

    @Test
    void actuatorIsServedOnTheManagementPortOnlyAndExposesTheConsumerMetrics() {
        String body = ManagementEndpoints.assertServedOnTheManagementPortOnly(port, managementPort);
        assertThat(body).contains("bb_events_persisted_events_total", "bb_events_dead_letters_entries_total",
                "bb_events_batch_size_events", "bb_events_pending_entries", "bb_events_stream_length_entries");
    }
}
