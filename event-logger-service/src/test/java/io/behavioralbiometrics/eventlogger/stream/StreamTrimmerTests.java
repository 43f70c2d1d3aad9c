package io.behavioralbiometrics.eventlogger.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.stream.RedisStreamConnections;
import io.behavioralbiometrics.eventlogger.EventLoggerIntegrationTest;
import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@EventLoggerIntegrationTest
class StreamTrimmerTests {

    @Autowired
    RedisStreamConnections redisStreams;

    RedisClusterCommands<String, String> redis;
    String stream;
    List<String> ids;

    @BeforeEach
    void streamWithTenEntries() {
        redis = redisStreams.shared();
        stream = StreamTestSupport.newStream();
        ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(redis.xadd(stream, Map.of("n", Integer.toString(i))));
        }
    }

    StreamTrimmer trimmer(List<String> requiredGroups) {
        return new StreamTrimmer(redis, stream, requiredGroups, Duration.ofMinutes(1), "test");
    }

    void createGroup(String group) {
        redis.xgroupCreate(StreamOffset.from(stream, "0"), group, XGroupCreateArgs.Builder.mkstream());
    }

    /** Reads {@code count} new entries for the group and optionally acknowledges them. */
    List<String> read(String group, int count, boolean ack) {
        List<StreamMessage<String, String>> messages = redis.xreadgroup(Consumer.from(group, group + "-1"),
                XReadArgs.Builder.count(count), StreamOffset.lastConsumed(stream));
        List<String> read = messages.stream().map(StreamMessage::getId).toList();
        if (ack && !read.isEmpty()) {
            redis.xack(stream, group, read.toArray(String[]::new));
        }
        return read;
    }

    List<String> remaining() {
        return redis.xrange(stream, Range.create("-", "+")).stream().map(StreamMessage::getId).toList();
    }

    @Test
    void trimmingShouldKeepEveryEntryPendingOrUndeliveredForAnyGroup() {
        createGroup(BusNames.EVENT_LOGGER_GROUP);
        createGroup(BusNames.RISK_ENGINE_GROUP);
        read(BusNames.EVENT_LOGGER_GROUP, 10, true);
        read(BusNames.RISK_ENGINE_GROUP, 3, true);
        read(BusNames.RISK_ENGINE_GROUP, 4, false); // entries 3..6 pending for the risk engine

        StreamTrimmer.Result result = trimmer(List.of(BusNames.EVENT_LOGGER_GROUP)).trim();

        assertThat(result.removed()).isEqualTo(3);
        assertThat(remaining()).isEqualTo(ids.subList(3, 10));

        redis.xack(stream, BusNames.RISK_ENGINE_GROUP, ids.subList(3, 7).toArray(String[]::new));
        assertThat(trimmer(List.of(BusNames.EVENT_LOGGER_GROUP)).trim().removed()).isEqualTo(4);
        assertThat(remaining()).as("never delivered to the risk engine").isEqualTo(ids.subList(7, 10));

        read(BusNames.RISK_ENGINE_GROUP, 10, true);
        trimmer(List.of(BusNames.EVENT_LOGGER_GROUP)).trim();
        assertThat(remaining()).isEmpty();
    }

    @Test
    void entriesPendingForOneConsumerShouldStayEvenIfAnotherAcknowledgedLaterOnes() {
        createGroup(BusNames.EVENT_LOGGER_GROUP);
        List<StreamMessage<String, String>> dead = redis.xreadgroup(Consumer.from(BusNames.EVENT_LOGGER_GROUP, "dead"),
                XReadArgs.Builder.count(2), StreamOffset.lastConsumed(stream));
        assertThat(dead).hasSize(2);
        read(BusNames.EVENT_LOGGER_GROUP, 10, true);

        trimmer(List.of(BusNames.EVENT_LOGGER_GROUP)).trim();

        assertThat(remaining()).isEqualTo(ids);
    }

    @Test
    void nothingShouldBeTrimmedBeforeEveryRequiredGroupExists() {
        createGroup(BusNames.EVENT_LOGGER_GROUP);
        read(BusNames.EVENT_LOGGER_GROUP, 10, true);

        StreamTrimmer.Result result = trimmer(List.of(BusNames.EVENT_LOGGER_GROUP, BusNames.RISK_ENGINE_GROUP)).trim();

        assertThat(result.minId()).isEmpty();
        assertThat(remaining()).hasSize(10);
    }

    @Test
    void onlyOneReplicaShouldTrimPerInterval() {
        createGroup(BusNames.EVENT_LOGGER_GROUP);
        read(BusNames.EVENT_LOGGER_GROUP, 5, true);
        StreamTrimmer first = new StreamTrimmer(redis, stream, List.of(BusNames.EVENT_LOGGER_GROUP),
                Duration.ofMinutes(1), "replica-a");
        StreamTrimmer second = new StreamTrimmer(redis, stream, List.of(BusNames.EVENT_LOGGER_GROUP),
                Duration.ofMinutes(1), "replica-b");

        assertThat(first.trimIfLockFree().removed()).isEqualTo(5);
        read(BusNames.EVENT_LOGGER_GROUP, 5, true);
        assertThat(second.trimIfLockFree().minId()).as("the lock is held for the interval").isEmpty();
        assertThat(remaining()).hasSize(5);
        assertThat(redis.get(first.lockKey())).isEqualTo("replica-a");
    }
}
