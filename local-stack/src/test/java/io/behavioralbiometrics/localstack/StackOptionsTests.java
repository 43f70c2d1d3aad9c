package io.behavioralbiometrics.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackOptionsTests {

    @Test
    void aRedisClusterRunsOnFourShardsUnlessToldOtherwise() {
        StackOptions cluster = StackOptions.parse(new String[] {"--redis-cluster"}, Map.of());
        assertThat(cluster.redisCluster()).isTrue();
        assertThat(cluster.serviceArguments()).containsExactly("--bb.streams.shards=4");
        assertThat(StackOptions.parse(new String[] {"--redis-cluster", "--stream-shards", "6"}, Map.of())
                .serviceArguments()).containsExactly("--bb.streams.shards=6");
        assertThat(StackOptions.parse(new String[0], Map.of()).redisCluster()).isFalse();
    }

    @Test
    void aRedisClusterIsNotCombinedWithAnExternalRedis() {
        assertThatThrownBy(() -> StackOptions.parse(new String[] {"--redis-cluster"},
                Map.of("BB_REDIS_URL", "redis://elsewhere:6379")))
                .hasMessageStartingWith("--redis-cluster starts an embedded cluster");
    }

    @Test
    void streamShardsShouldReachEveryServiceAsOneSetting() {
        assertThat(StackOptions.parse(new String[0], Map.of()).serviceArguments()).isEmpty();
        assertThat(StackOptions.parse(new String[] {"--stream-shards", "4"}, Map.of()).serviceArguments())
                .containsExactly("--bb.streams.shards=4");
        assertThat(StackOptions.parse(new String[0], Map.of("BB_STREAMS_SHARDS", "8")).serviceArguments())
                .containsExactly("--bb.streams.shards=8");
        // The flag wins over the environment.
        assertThat(StackOptions.parse(new String[] {"--stream-shards", "2"}, Map.of("BB_STREAMS_SHARDS", "8"))
                .serviceArguments()).containsExactly("--bb.streams.shards=2");
    }

    @Test
    void aShardCountOutOfRangeShouldBeRefusedBeforeAnythingStarts() {
        for (String wrong : new String[] {"0", "1025", "four"}) {
            assertThatThrownBy(() -> StackOptions.parse(new String[] {"--stream-shards", wrong}, Map.of()))
                    .hasMessage("--stream-shards needs a whole number from 1 to 1024, not " + wrong);
        }
    }

    @Test
    void replicasShouldNameServicesAndBoundedCounts() {
        StackOptions options = StackOptions.parse(new String[] {"--replicas", "ingestor=2,event-logger=3,risk-engine=2"},
                Map.of());
        assertThat(options.instancesOf("ingestor-service")).isEqualTo(2);
        assertThat(options.instancesOf("event-logger-service")).isEqualTo(3);
        assertThat(options.instancesOf("risk-engine-service")).isEqualTo(2);
        assertThat(options.instancesOf("identity-service")).isEqualTo(1);
        assertThatThrownBy(() -> StackOptions.replicas("logger=2"))
                .hasMessage("--replicas takes service=count pairs of [event-logger, identity, ingestor, risk-engine], not logger=2");
        assertThatThrownBy(() -> StackOptions.replicas("ingestor=9"))
                .hasMessage("--replicas: ingestor needs 1 to 8 instances, not 9");
        assertThatThrownBy(() -> StackOptions.replicas("ingestor=2,ingestor=3"))
                .hasMessage("--replicas names ingestor twice");
    }

    @Test
    void durabilityShouldWaitForAReplicaOnTheClusterUnlessTheServiceArgumentsSayOtherwise() {
        StackOptions single = StackOptions.parse(new String[0], Map.of());
        assertThat(single.durabilityReplicas()).isZero();
        assertThat(single.durabilityArgument()).isEmpty();
        StackOptions cluster = single.withRedisCluster();
        assertThat(cluster.durabilityReplicas()).isEqualTo(1);
        assertThat(cluster.durabilityArgument()).isEmpty();
        StackOptions without = cluster.withServiceArguments(List.of("--bb.ingest.durability.replicas=0"));
        assertThat(without.durabilityReplicas()).isZero();
        assertThat(without.durabilityArgument()).contains("0");
        assertThat(single.withServiceArguments(List.of("--bb.ingest.durability.replicas=1")).durabilityReplicas())
                .isEqualTo(1);
    }
}
