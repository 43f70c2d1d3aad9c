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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * {@code XADD} followed by {@code WAIT n} on the same connection to the stream's master: a
 * WAIT covers every earlier write of its connection. WAIT blocks its connection until the
 * replicas answer, so one WAIT per write would serialise all writes to a master behind one
 * replica round trip each (under load the queue outgrew the command timeout and every batch
 * was refused). Instead one WAIT is in flight per connection, and the writes sent meanwhile
 * share the next one: a group commit. On connections of their own, so WAIT never delays the
 * other users of Boot's shared connection. On a cluster the writes go to the master of the
 * stream's slot; after a failover they fail (the client re-sends) until the slot map is
 * refreshed, and a new master without a replica yet refuses them until one has joined: an
 * ack promises a copy.
 */
@Component
class ReplicatedAppends implements DisposableBean {

    private static final long REFRESH_SPACING_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong lastRefresh = new AtomicLong(System.nanoTime() - REFRESH_SPACING_NANOS);
    private final LettuceConnectionFactory connectionFactory;
    private final DurabilityProperties durability;
    private @Nullable StatefulRedisConnection<String, String> standalone;
    private @Nullable StatefulRedisClusterConnection<String, String> cluster;
    /** Per master (node id, or {@code ""} for a single Redis), the WAIT barrier of its connection. */
    private final Map<String, Barrier> barriers = new HashMap<>();

    ReplicatedAppends(LettuceConnectionFactory connectionFactory, DurabilityProperties durability) {
        this.connectionFactory = connectionFactory;
        this.durability = durability;
    }

    boolean enabled() {
        return durability.replicas() > 0;
    }

    /** The entry id once {@link DurabilityProperties#replicas()} replicas hold the entry. */
    String append(String stream, Map<String, String> fields) {
        Barrier master = masterOf(stream);
        RedisFuture<String> id = master.commands.xadd(stream, fields);
        CompletableFuture<Long> copies = master.after();
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

    private synchronized Barrier masterOf(String stream) {
        return switch (connectionFactory.getRequiredNativeClient()) {
            case RedisClient client -> {
                if (standalone == null || !standalone.isOpen()) {
                    standalone = client.connect(StringCodec.UTF8);
                }
                yield barrier("", standalone.async());
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
                yield barrier(master.getNodeId(), cluster.getConnection(master.getNodeId()).async());
            }
            default -> throw new IllegalStateException("unsupported Redis client "
                    + connectionFactory.getRequiredNativeClient().getClass().getName());
        };
    }

    /** The barrier of {@code commands}, a new one when the master's connection was replaced. */
    private Barrier barrier(String master, RedisAsyncCommands<String, String> commands) {
        Barrier barrier = barriers.get(master);
        if (barrier == null || barrier.commands != commands) {
            barrier = new Barrier(commands, durability.replicas(), durability.replicaWait().toMillis());
            barriers.put(master, barrier);
        }
        return barrier;
    }

    /**
     * One WAIT in flight on a connection; a write that asks meanwhile joins the group the next
     * WAIT covers, sent once the current one returns, so after the group's writes.
     */
    private static final class Barrier {

        private final RedisAsyncCommands<String, String> commands;
        private final int replicas;
        private final long timeoutMillis;
        private boolean waiting;
        private @Nullable CompletableFuture<Long> next;

        Barrier(RedisAsyncCommands<String, String> commands, int replicas, long timeoutMillis) {
            this.commands = commands;
            this.replicas = replicas;
            this.timeoutMillis = timeoutMillis;
        }

        /** Replicas confirmed by a WAIT sent after the caller's write was (its XADD is already dispatched). */
        CompletableFuture<Long> after() {
            CompletableFuture<Long> confirmed;
            synchronized (this) {
                if (waiting) {
                    if (next == null) {
                        next = new CompletableFuture<>();
                    }
                    return next;
                }
                waiting = true;
                confirmed = send();
            }
            confirmed.whenComplete((copies, failure) -> released());
            return confirmed;
        }

        private void released() {
            CompletableFuture<Long> group;
            CompletableFuture<Long> confirmed;
            synchronized (this) {
                group = next;
                next = null;
                if (group == null) {
                    waiting = false;
                    return;
                }
                confirmed = send();
            }
            confirmed.whenComplete((copies, failure) -> {
                released();
                if (failure != null) {
                    group.completeExceptionally(failure);
                } else {
                    group.complete(copies);
                }
            });
        }

        /** Under the lock, so no write of a group can be dispatched after the WAIT meant to cover it. */
        private CompletableFuture<Long> send() {
            return commands.waitForReplication(replicas, timeoutMillis).toCompletableFuture();
        }
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
