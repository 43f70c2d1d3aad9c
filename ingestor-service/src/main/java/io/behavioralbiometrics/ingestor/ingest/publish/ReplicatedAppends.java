package io.behavioralbiometrics.ingestor.ingest.publish;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * {@code XADD} followed by {@code WAIT n} on the same connection to the stream's master, so
 * the WAIT covers exactly that write. On connections of their own: WAIT holds its
 * connection until the replicas answer, which must not delay the other users of Boot's
 * shared connection. On a cluster the pair goes to the master of the stream's slot; after a
 * failover the writes fail (the client re-sends) until the slot map is refreshed, and a new
 * master without a replica yet refuses them until one has joined: an ack promises a copy.
 */
@Component
class ReplicatedAppends implements DisposableBean {

    private static final long REFRESH_SPACING_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong lastRefresh = new AtomicLong(System.nanoTime() - REFRESH_SPACING_NANOS);
    private final LettuceConnectionFactory connectionFactory;
    private final DurabilityProperties durability;
    private @Nullable StatefulRedisConnection<String, String> standalone;
    private @Nullable StatefulRedisClusterConnection<String, String> cluster;

    ReplicatedAppends(LettuceConnectionFactory connectionFactory, DurabilityProperties durability) {
        this.connectionFactory = connectionFactory;
        this.durability = durability;
    }

    boolean enabled() {
        return durability.replicas() > 0;
    }

    /** The entry id once {@link DurabilityProperties#replicas()} replicas hold the entry. */
    String append(String stream, Map<String, String> fields) {
        RedisAsyncCommands<String, String> master = masterOf(stream);
        RedisFuture<String> id = master.xadd(stream, fields);
        RedisFuture<Long> copies = master.waitForReplication(durability.replicas(),
                durability.replicaWait().toMillis());
        long bound = durability.replicaWait().toMillis() + 5_000;
        try {
            String entry = id.get(bound, TimeUnit.MILLISECONDS);
            long confirmed = copies.get(bound, TimeUnit.MILLISECONDS);
            if (confirmed < durability.replicas()) {
                throw new DataAccessResourceFailureException("only " + confirmed + " of " + durability.replicas()
                        + " replicas confirmed entry " + entry + " of " + stream + " within "
                        + durability.replicaWait().toMillis() + " ms");
            }
            return entry;
        } catch (ExecutionException | TimeoutException e) {
            refreshSlots();
            throw new DataAccessResourceFailureException("append to " + stream + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessResourceFailureException("interrupted appending to " + stream, e);
        }
    }

    private synchronized RedisAsyncCommands<String, String> masterOf(String stream) {
        return switch (connectionFactory.getRequiredNativeClient()) {
            case RedisClient client -> {
                if (standalone == null || !standalone.isOpen()) {
                    standalone = client.connect(StringCodec.UTF8);
                }
                yield standalone.async();
            }
            case RedisClusterClient client -> {
                if (cluster == null || !cluster.isOpen()) {
                    cluster = client.connect(StringCodec.UTF8);
                }
                RedisClusterNode master = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(stream));
                if (master == null) {
                    refreshSlots();
                    throw new DataAccessResourceFailureException("no master serves the slot of " + stream);
                }
                yield cluster.getConnection(master.getNodeId()).async();
            }
            default -> throw new IllegalStateException("unsupported Redis client "
                    + connectionFactory.getRequiredNativeClient().getClass().getName());
        };
    }

    /** At most once a second: every refused batch of a failover asks, and each refresh connects to every node. */
    private void refreshSlots() {
        long now = System.nanoTime();
        long last = lastRefresh.get();
        if (now - last >= REFRESH_SPACING_NANOS && lastRefresh.compareAndSet(last, now)
                && connectionFactory.getRequiredNativeClient() instanceof RedisClusterClient client) {
            client.refreshPartitionsAsync();
        }
    }

    @Override
    public synchronized void destroy() {
        if (standalone != null) {
            standalone.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}
