package io.behavioralbiometrics.eventlogger.stream;

import io.lettuce.core.Range;
import io.lettuce.core.SetArgs;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes stream entries that every consumer group has consumed and acknowledged:
 * {@code XTRIM key MINID id} where {@code id} is the smallest over all groups of the
 * group's oldest pending entry or, with nothing pending, the entry after its
 * last-delivered one. Nothing is trimmed until every required group exists.
 * <p>
 * A {@code SET NX PX} lock lets one replica trim per interval. Trimming twice would be
 * harmless anyway: the bound only grows, so a second trim removes nothing new that is
 * still needed.
 */
final class StreamTrimmer {

    private static final Logger log = LoggerFactory.getLogger(StreamTrimmer.class);

    private final RedisClusterCommands<String, String> redis;
    private final String stream;
    private final List<String> requiredGroups;
    private final Duration lockTtl;
    private final String owner;

    StreamTrimmer(RedisClusterCommands<String, String> redis, String stream, List<String> requiredGroups, Duration lockTtl,
            String owner) {
        this.redis = redis;
        this.stream = stream;
        this.requiredGroups = List.copyOf(requiredGroups);
        this.lockTtl = lockTtl;
        this.owner = owner;
    }

    String stream() {
        return stream;
    }

    /** What one attempt did: the bound it trimmed below (empty when it did not trim) and how many entries went. */
    record Result(Optional<String> minId, long removed) {
        static final Result SKIPPED = new Result(Optional.empty(), 0);
    }

    String lockKey() {
        return stream + ":trim-lock";
    }

    /** Trims unless another replica trimmed within the lock's lifetime. */
    Result trimIfLockFree() {
        String acquired = redis.set(lockKey(), owner, SetArgs.Builder.nx().px(lockTtl.toMillis()));
        if (!"OK".equals(acquired)) {
            return Result.SKIPPED;
        }
        return trim();
    }

    /** Trims below the safe bound, lock or not. */
    Result trim() {
        Optional<String> bound = safeBound();
        if (bound.isEmpty()) {
            return Result.SKIPPED;
        }
        long removed = redis.xtrim(stream, XTrimArgs.Builder.minId(bound.get()));
        if (removed > 0) {
            log.info("Trimmed {} consumed entries from {} (below {})", removed, stream, bound.get());
        }
        return new Result(bound, removed);
    }

    /** The smallest id any group still needs, or empty when it cannot be decided safely. */
    Optional<String> safeBound() {
        if (redis.exists(stream) == 0) {
            return Optional.empty();
        }
        Map<String, Map<String, Object>> groups = new HashMap<>();
        for (Object group : redis.xinfoGroups(stream)) {
            Map<String, Object> info = toMap(group);
            groups.put(String.valueOf(info.get("name")), info);
        }
        if (groups.isEmpty() || !groups.keySet().containsAll(requiredGroups)) {
            return Optional.empty();
        }
        @Nullable StreamId bound = null;
        for (Map.Entry<String, Map<String, Object>> group : groups.entrySet()) {
            StreamId needed = neededFrom(group.getKey(), group.getValue());
            if (bound == null || needed.compareTo(bound) < 0) {
                bound = needed;
            }
        }
        return bound == null ? Optional.empty() : Optional.of(bound.toString());
    }

    private StreamId neededFrom(String group, Map<String, Object> info) {
        long pending = ((Number) info.get("pending")).longValue();
        if (pending > 0) {
            // The oldest pending entry (of any consumer) must stay, and everything after it.
            Range<String> ids = redis.xpending(stream, group).getMessageIds();
            String lowest = ids.getLower().getValue();
            if (lowest != null) {
                return StreamId.parse(lowest);
            }
        }
        return StreamId.parse(String.valueOf(info.get("last-delivered-id"))).next();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(Object group) {
        List<Object> pairs = (List<Object>) group;
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            map.put(String.valueOf(pairs.get(i)), pairs.get(i + 1));
        }
        return map;
    }

    /** A stream entry id {@code ms-seq}, ordered as Redis orders them. */
    record StreamId(long millis, long sequence) implements Comparable<StreamId> {

        static StreamId parse(String id) {
            int dash = id.indexOf('-');
            return dash < 0 ? new StreamId(Long.parseUnsignedLong(id), 0)
                    : new StreamId(Long.parseUnsignedLong(id.substring(0, dash)),
                            Long.parseUnsignedLong(id.substring(dash + 1)));
        }

        StreamId next() {
            return sequence == -1L ? new StreamId(millis + 1, 0) : new StreamId(millis, sequence + 1);
        }

        @Override
        public int compareTo(StreamId other) {
            int byMillis = Long.compareUnsigned(millis, other.millis);
            return byMillis != 0 ? byMillis : Long.compareUnsigned(sequence, other.sequence);
        }

        @Override
        public String toString() {
            return Long.toUnsignedString(millis) + "-" + Long.toUnsignedString(sequence);
        }
    }
}
