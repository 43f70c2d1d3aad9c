package io.behavioralbiometrics.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventStreamsTests {

    @Test
    void oneShardShouldBeTheUnshardedStream() {
        UUID user = UUID.randomUUID();
        assertThat(EventStreams.single().keys("bb:events")).containsExactly("bb:events");
        assertThat(EventStreams.single().keyOf("bb:events", user)).isEqualTo("bb:events");
    }

    @Test
    void shardsShouldBeHashTaggedAndEveryUserShouldStayOnOne() {
        EventStreams streams = new EventStreams(4);
        assertThat(streams.keys("bb:events"))
                .containsExactly("bb:events:{0}", "bb:events:{1}", "bb:events:{2}", "bb:events:{3}");
        Map<String, Integer> perShard = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            UUID user = UUID.randomUUID();
            String key = streams.keyOf("bb:events", user);
            assertThat(streams.keyOf("bb:events", UUID.fromString(user.toString()))).isEqualTo(key);
            perShard.merge(key, 1, Integer::sum);
        }
        // About 1000 each; 700 is more than 10 standard deviations away.
        assertThat(perShard).hasSize(4).allSatisfy((key, users) -> assertThat(users).isGreaterThan(700));
    }

    @Test
    void theShardShouldFollowTheDocumentedFormula() {
        UUID user = UUID.fromString("00000000-0000-0007-0000-000000000002");
        long h = user.getMostSignificantBits() ^ user.getLeastSignificantBits();
        assertThat(new EventStreams(10).shardOf(user)).isEqualTo(Math.floorMod((int) (h >>> 32) ^ (int) h, 10))
                .isEqualTo(5);
    }

    @Test
    void aShardCountOutOfRangeShouldBeRefused() {
        assertThatThrownBy(() -> new EventStreams(0)).hasMessage("bb.streams.shards must be between 1 and 1024, not 0");
        assertThatThrownBy(() -> new EventStreams(1025)).isInstanceOf(IllegalArgumentException.class);
    }
}
