package io.behavioralbiometrics.testsupport;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Redis Cluster of 3 masters and 3 replicas on loopback, from the embedded
 * redis-server binary of {@link EmbeddedRedisServer} (the jar has no redis-cli, so the
 * cluster is formed with CLUSTER MEET, ADDSLOTSRANGE and REPLICATE). Each node keeps an
 * AOF; with {@link EmbeddedRedisServer.Users} every node loads the ACL file and replicas
 * authenticate to their master as the admin user, as the default user is off.
 */
public final class EmbeddedRedisCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisCluster.class);
    private static final int MASTERS = 3;
    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);
    /** Short, so a killed master is failed over in seconds; long enough for a loaded 2-core machine. */
    private static final int NODE_TIMEOUT_MILLIS = 2000;

    private final Path directory;
    private final List<EmbeddedRedisServer> nodes;
    /** Forms the cluster and watches failovers; created once, as each client starts its own threads. */
    private final RedisClient admin = RedisClient.create();

    private EmbeddedRedisCluster(Path directory, List<EmbeddedRedisServer> nodes) {
        this.directory = directory;
        this.nodes = nodes;
    }

    /**
     * Starts six nodes in {@code directory}/node-&lt;port&gt; and forms the cluster; returns
     * when every node says {@code cluster_state:ok} and every replica is in sync.
     */
    public static EmbeddedRedisCluster start(Path directory, EmbeddedRedisServer.@Nullable Users users) {
        List<EmbeddedRedisServer> nodes = new ArrayList<>();
        EmbeddedRedisCluster cluster = new EmbeddedRedisCluster(directory, nodes);
        try {
            for (int i = 0; i < 2 * MASTERS; i++) {
                int port = clusterPort();
                List<String> arguments = new ArrayList<>(List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MILLIS),
                        // A master would wait 5 s for more replicas before the first full sync.
                        "--repl-diskless-sync-delay", "0"));
                if (users != null) {
                    arguments.addAll(List.of("--masteruser", users.adminUser(), "--masterauth", users.adminPassword()));
                }
                nodes.add(EmbeddedRedisServer.start(directory.resolve("node-" + port), port, true, users, arguments));
            }
            cluster.form();
            log.info("Redis Cluster of {} masters and {} replicas ready on {}", MASTERS, MASTERS,
                    cluster.nodesProperty());
            return cluster;
        } catch (RuntimeException e) {
            cluster.stop();
            throw e;
        }
    }

    /** As {@link #start}, in a temporary directory, stopped when the JVM ends. */
    public static EmbeddedRedisCluster startTemporary() {
        try {
            EmbeddedRedisCluster cluster = start(Files.createTempDirectory("bb-redis-cluster-"), null);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(cluster::stop));
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free loopback port whose cluster bus port (+10000) is free too. */
    private static int clusterPort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = Ports.free();
            if (port + 10000 > 65535) {
                continue;
            }
            try (ServerSocket bus = new ServerSocket(port + 10000, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free loopback port pair for a cluster node");
    }

    private void form() {
        List<String> ids = new ArrayList<>();
        for (EmbeddedRedisServer node : nodes) {
            ids.add(call(node, RedisCommands::clusterMyId));
        }
        EmbeddedRedisServer first = nodes.getFirst();
        for (EmbeddedRedisServer node : nodes.subList(1, nodes.size())) {
            call(first, redis -> redis.clusterMeet("127.0.0.1", node.port()));
        }
        int slotsPerMaster = SlotHash.SLOT_COUNT / MASTERS;
        for (int m = 0; m < MASTERS; m++) {
            int from = m * slotsPerMaster;
            int to = m == MASTERS - 1 ? SlotHash.SLOT_COUNT - 1 : from + slotsPerMaster - 1;
            call(nodes.get(m), redis -> redis.clusterAddSlotsRange(Range.create(from, to)));
        }
        for (EmbeddedRedisServer node : nodes) {
            await(node, "to know all six nodes", redis -> redis.clusterNodes().lines().count() == nodes.size());
        }
        for (int r = 0; r < MASTERS; r++) {
            String master = ids.get(r);
            call(nodes.get(MASTERS + r), redis -> redis.clusterReplicate(master));
        }
        for (EmbeddedRedisServer node : nodes) {
            await(node, "cluster_state:ok", redis -> redis.clusterInfo().contains("cluster_state:ok"));
        }
        for (EmbeddedRedisServer replica : nodes.subList(MASTERS, nodes.size())) {
            await(replica, "its master link up", redis -> redis.info("replication").contains("master_link_status:up"));
        }
    }

    /** Each node's endpoint (as the admin user when the cluster has ACL users), the masters first. */
    public List<RedisEndpoint> nodes() {
        return nodes.stream().map(EmbeddedRedisServer::endpoint).toList();
    }

    /** {@code 127.0.0.1:p1,…} of all six nodes: the value of {@code spring.data.redis.cluster.nodes}. */
    public String nodesProperty() {
        return nodes.stream().map(node -> "127.0.0.1:" + node.port()).collect(Collectors.joining(","));
    }

    public Path directory() {
        return directory;
    }

    /**
     * Kills (SIGKILL) the master serving {@code key}'s slot and waits until a replica has taken
     * the slot over and every surviving node says {@code cluster_state:ok}.
     *
     * @return the killed node's port
     */
    public int killMasterOf(String key) {
        int slot = SlotHash.getSlot(key);
        EmbeddedRedisServer master = masterOf(slot);
        int killed = master.port();
        master.kill();
        log.info("Killed the Redis Cluster master on port {} (slot {})", killed, slot);
        long deadline = System.nanoTime() + FAILOVER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                EmbeddedRedisServer promoted = masterOf(slot);
                boolean ok = nodes.stream().filter(EmbeddedRedisServer::isRunning)
                        .allMatch(node -> call(node, redis -> redis.clusterInfo()).contains("cluster_state:ok"));
                if (promoted.port() != killed && ok) {
                    log.info("Slot {} is served by the promoted replica on port {}", slot, promoted.port());
                    return killed;
                }
            } catch (RuntimeException notYet) {
                // the survivors are still voting
            }
            pause();
        }
        throw new IllegalStateException("no replica took over slot " + slot + " within "
                + FAILOVER_TIMEOUT.toSeconds() + " s of killing port " + killed);
    }

    /**
     * Starts a killed node again, on its port and data, as an orchestrator would restart it;
     * it rejoins as a replica of the master that replaced it. Returns once it is in sync.
     */
    public void restart(int port) {
        EmbeddedRedisServer node = nodes.stream().filter(candidate -> candidate.port() == port).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node on port " + port));
        node.start();
        await(node, "its master link up as a replica", redis -> redis.info("replication").contains("role:slave")
                && redis.info("replication").contains("master_link_status:up"));
    }

    /** The port of the running master that serves {@code key}'s slot now. */
    public int masterPortOf(String key) {
        return masterOf(SlotHash.getSlot(key)).port();
    }

    /** The running node that CLUSTER SLOTS of a running node names as the slot's master. */
    private EmbeddedRedisServer masterOf(int slot) {
        EmbeddedRedisServer asked = nodes.stream().filter(EmbeddedRedisServer::isRunning).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node is running"));
        for (Object range : call(asked, RedisCommands::clusterSlots)) {
            List<?> fields = (List<?>) range;
            if (((Number) fields.get(0)).intValue() <= slot && slot <= ((Number) fields.get(1)).intValue()) {
                int port = ((Number) ((List<?>) fields.get(2)).get(1)).intValue();
                return nodes.stream().filter(node -> node.port() == port && node.isRunning()).findFirst()
                        .orElseThrow(() -> new IllegalStateException("slot " + slot + " is still on port " + port));
            }
        }
        throw new IllegalStateException("no master serves slot " + slot);
    }

    /** Stops every node (SIGTERM, then a kill); safe to repeat. */
    public void stop() {
        admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        List<Thread> stopping = nodes.stream().map(node -> Thread.ofVirtual().start(node::stop)).toList();
        for (Thread thread : stopping) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** One command on a node, over a short connection of the one admin client. */
    private <T> T call(EmbeddedRedisServer node,
            java.util.function.Function<RedisCommands<String, String>, T> command) {
        try (StatefulRedisConnection<String, String> connection = admin.connect(
                RedisURI.create(node.endpoint().url()))) {
            return command.apply(connection.sync());
        }
    }

    private void await(EmbeddedRedisServer node, String what, Predicate<RedisCommands<String, String>> done) {
        long deadline = System.nanoTime() + FORM_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (call(node, done::test)) {
                return;
            }
            pause();
        }
        throw new IllegalStateException("Redis Cluster node on port " + node.port() + " did not reach " + what
                + " within " + FORM_TIMEOUT.toSeconds() + " s; see " + node.directory().resolve("redis.log"));
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
