package io.behavioralbiometrics.ingestor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.core.event.ServerFrame;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class IngestScaleTests extends IngestIntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(IngestScaleTests.class);
    private static final int SOCKETS = 300;

    @Test
    void threeHundredOpenSocketsShouldNotNeedAPlatformThreadEach() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int baseline = threads.getThreadCount();
        threads.resetPeakThreadCount();
        List<IngestClient> clients = new ArrayList<>(SOCKETS);
        try {
            for (int i = 0; i < SOCKETS; i++) {
                clients.add(IngestClient.connect(port, tokens().accessToken(UUID.randomUUID())));
            }
            UUID session = UUID.randomUUID();
            for (int i = 0; i < SOCKETS; i++) {
                clients.get(i).send(Frames.json(Frames.batch(session, i, 5)));
            }
            for (int i = 0; i < SOCKETS; i++) {
                assertThat(clients.get(i).awaitAck(i)).isEqualTo(new ServerFrame.Ack(i));
            }
            assertThat(clients).allSatisfy(client -> assertThat(client.isOpen()).isTrue());

            int live = threads.getThreadCount();
            int peak = threads.getPeakThreadCount();
            log.info("Platform threads with {} open sockets (server and client in one JVM): baseline {}, live {}, peak {}",
                    SOCKETS, baseline, live, peak);
            // Server and test client together; a thread per socket would be 300 more on each side.
            assertThat(live).isLessThan(baseline + 60).isLessThan(SOCKETS / 2);
            assertThat(peak).isLessThan(baseline + 100);
        } finally {
            clients.forEach(IngestClient::close);
        }
    }
}
