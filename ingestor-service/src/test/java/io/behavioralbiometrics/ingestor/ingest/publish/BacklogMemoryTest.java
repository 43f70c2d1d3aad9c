package io.behavioralbiometrics.ingestor.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** How the backlog guard reads {@code INFO memory} of one server and of a cluster. */
class BacklogMemoryTest {

    @Test
    void aStandaloneServerIsReadAsIs() {
        Properties info = new Properties();
        info.setProperty("used_memory", "900");
        info.setProperty("maxmemory", "1000");

        assertThat(BacklogGuard.fullest(info)).isEqualTo(new BacklogGuard.Memory(900, 1000));
    }

    @Test
    void onAClusterTheFullestNodeDecides() {
        // As Spring Data Redis merges the nodes' answers: each field under "host:port.".
        Properties info = new Properties();
        info.setProperty("127.0.0.1:7000.used_memory", "100");
        info.setProperty("127.0.0.1:7000.maxmemory", "1000");
        info.setProperty("127.0.0.1:7001.used_memory", "950");
        info.setProperty("127.0.0.1:7001.maxmemory", "1000");
        info.setProperty("127.0.0.1:7002.used_memory", "5000");
        info.setProperty("127.0.0.1:7002.maxmemory", "0");

        assertThat(BacklogGuard.fullest(info)).isEqualTo(new BacklogGuard.Memory(950, 1000));
    }

    @Test
    void noAnswerIsNoLimit() {
        assertThat(BacklogGuard.fullest(null).fill()).isZero();
    }
}
