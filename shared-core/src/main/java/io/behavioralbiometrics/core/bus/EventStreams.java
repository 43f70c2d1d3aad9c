package io.behavioralbiometrics.core.bus;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the events stream is sharded, the same in every service ({@code bb.streams.shards}).
 * With one shard the stream is the base key ({@code bb:events}), as before sharding. With
 * N shards a user's batches go to {@code <base>:{s}}, s = {@link #shardOf} of the user: one
 * user's batches stay in one stream, so their order holds, and the braces are a Redis
 * Cluster hash tag, so a shard and the keys derived from it ({@code …:trim-lock}) share one
 * slot. Change the count only with the streams drained: a user moves shard when it changes.
 *
 * @param shards number of stream keys, 1 to {@value #MAX_SHARDS}
 */
@ConfigurationProperties("bb.streams")
public record EventStreams(@DefaultValue("1") int shards) {

    public static final int MAX_SHARDS = 1024;

    public EventStreams {
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new IllegalArgumentException("bb.streams.shards must be between 1 and " + MAX_SHARDS + ", not " + shards);
        }
    }

    /** One unsharded stream. */
    public static EventStreams single() {
        return new EventStreams(1);
    }

    /**
     * The user's shard: {@code floorMod(UUID.hashCode(), shards)}, where Java's UUID hash is
     * {@code (int) (h >>> 32) ^ (int) h} with {@code h = mostSigBits ^ leastSigBits}, so any
     * producer can compute it.
     */
    public int shardOf(UUID userId) {
        return Math.floorMod(userId.hashCode(), shards);
    }

    /** The stream key a user's batches are appended to. */
    public String keyOf(String base, UUID userId) {
        return key(base, shardOf(userId));
    }

    /** Every shard's key, shard 0 first. */
    public List<String> keys(String base) {
        return IntStream.range(0, shards).mapToObj(shard -> key(base, shard)).toList();
    }

    private String key(String base, int shard) {
        return shards == 1 ? base : base + ":{" + shard + "}";
    }
}
