package io.behavioralbiometrics.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StackOptionsTests {

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
}
