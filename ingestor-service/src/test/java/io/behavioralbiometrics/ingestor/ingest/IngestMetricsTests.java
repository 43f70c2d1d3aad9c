package io.behavioralbiometrics.ingestor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.event.ServerFrame;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class IngestMetricsTests extends IngestIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void acceptedAndRejectedBatchesShouldBeCountedAndOpenSocketsGauged() {
        double acceptedBefore = count("accepted", "none");
        double rejectedBefore = count("rejected", "invalid_frame");
        double eventsBefore = meters.counter("bb.ingest.events.accepted").count();
        try (IngestClient client = IngestClient.connect(port, tokens().accessToken(UUID.randomUUID()))) {
            assertThat(client.request(Frames.json(Frames.batch(UUID.randomUUID(), 1, 7)), 1))
                    .isEqualTo(new ServerFrame.Ack(1));
            client.send("{\"type\":\"batch\",\"seq\":2}");
            client.awaitError(error -> Long.valueOf(2).equals(error.seq()));

            assertThat(meters.get("bb.ingest.sockets.open").gauge().value()).isGreaterThanOrEqualTo(1);
        }
        assertThat(count("accepted", "none")).isEqualTo(acceptedBefore + 1);
        assertThat(count("rejected", "invalid_frame")).isEqualTo(rejectedBefore + 1);
        assertThat(meters.counter("bb.ingest.events.accepted").count()).isEqualTo(eventsBefore + 7);
        assertThat(meters.get("bb.ingest.ack.latency").timer().count()).isPositive();
        await().untilAsserted(() -> assertThat(meters.get("bb.ingest.sockets.open").gauge().value()).isZero());
    }

    private double count(String outcome, String code) {
        var counter = meters.find("bb.ingest.batches").tag("outcome", outcome).tag("code", code).counter();
        return counter == null ? 0 : counter.count();
    }
}
