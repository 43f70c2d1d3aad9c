package io.behavioralbiometrics.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded cluster forms with ACL users, serves keys on every master and survives a killed master. */
class EmbeddedRedisClusterTests {

    private static EmbeddedRedisCluster cluster;
    private static RedisClusterClient client;

    @BeforeAll
    static void start(@TempDir Path directory) throws Exception {
        Path acl = directory.resolve("users.acl");
        Files.writeString(acl, "user default off\nuser admin on >secret ~* &* +@all\n");
        cluster = EmbeddedRedisCluster.start(directory.resolve("cluster"),
                new EmbeddedRedisServer.Users(acl, "admin", "secret"));
        client = RedisClusterClient.create(cluster.nodes().stream().map(node -> RedisURI.create(node.url())).toList());
        // As the services configure it (spring.data.redis.lettuce.cluster.refresh.*), so it follows a failover.
        client.setOptions(ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers()
                        .enablePeriodicRefresh(Duration.ofSeconds(2)).build())
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(5)))
                .build());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.shutdown();
        }
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    void threeMastersEachWithAReplicaShouldServeEverySlotAndSurviveAKilledMaster() {
        assertThat(cluster.nodes()).hasSize(6);
        assertThat(cluster.nodesProperty().split(",")).hasSize(6);
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            RedisAdvancedClusterCommands<String, String> redis = connection.sync();
            assertThat(redis.clusterInfo()).contains("cluster_state:ok", "cluster_slots_assigned:16384",
                    "cluster_size:3", "cluster_known_nodes:6");
            Set<Integer> slots = new HashSet<>();
            for (String key : List.of("a", "b", "c", "d", "e", "f", "g", "h")) {
                redis.set(key, "value-" + key);
                slots.add(SlotHash.getSlot(key));
            }
            assertThat(slots).hasSizeGreaterThan(3);
            assertThat(redis.get("c")).isEqualTo("value-c");

            redis.set("{kill}:key", "kept");
            int killed = cluster.killMasterOf("{kill}:key");

            assertThat(killed).isPositive();
            // Commands sent to the dead master fail until the client's next topology refresh.
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    assertThat(redis.get("{kill}:key")).as("read from the promoted replica").isEqualTo("kept"));
            redis.set("{kill}:key", "written after the failover");
            assertThat(redis.get("{kill}:key")).isEqualTo("written after the failover");
        }
    }
}
