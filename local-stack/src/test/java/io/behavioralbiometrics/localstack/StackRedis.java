package io.behavioralbiometrics.localstack;

import io.behavioralbiometrics.testsupport.RedisEndpoint;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.List;

/**
 * The admin's Redis connection to a stack, on one server or on its cluster: a cluster
 * client routes each key to its slot's master and scans every master, so tests read the
 * same way on both (the benchmarks too).
 */
public final class StackRedis implements AutoCloseable {

    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> commands;

    private StackRedis(AbstractRedisClient client, StatefulConnection<String, String> connection,
            RedisClusterCommands<String, String> commands) {
        this.client = client;
        this.connection = connection;
        this.commands = commands;
    }

    public static StackRedis open(LocalStack stack) {
        if (stack.redisCluster().isPresent()) {
            List<RedisURI> nodes = stack.redisCluster().get().nodes().stream().map(RedisEndpoint::url)
                    .map(RedisURI::create).toList();
            RedisClusterClient cluster = RedisClusterClient.create(nodes);
            StatefulRedisClusterConnection<String, String> connection = cluster.connect();
            return new StackRedis(cluster, connection, connection.sync());
        }
        RedisClient client = RedisClient.create(RedisURI.create(stack.redis().url()));
        StatefulRedisConnection<String, String> connection = client.connect();
        return new StackRedis(client, connection, connection.sync());
    }

    public RedisClusterCommands<String, String> commands() {
        return commands;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
