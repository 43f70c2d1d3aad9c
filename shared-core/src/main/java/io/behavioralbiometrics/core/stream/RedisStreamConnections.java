package io.behavioralbiometrics.core.stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Lettuce access for the stream commands Spring Data Redis does not offer (XAUTOCLAIM,
 * XTRIM MINID), on the client Boot configured: a standalone {@link RedisClient} or, with
 * {@code spring.data.redis.cluster.nodes}, a {@link RedisClusterClient} that routes each
 * command to the master of its key's slot and follows failovers. Each consumer gets its own
 * connection so its blocking reads hold up nobody else; maintenance shares one.
 */
public final class RedisStreamConnections implements DisposableBean {

    /** An open connection and the commands a standalone server and a cluster both offer. */
    public record Link(StatefulConnection<String, String> connection, RedisClusterCommands<String, String> commands)
            implements AutoCloseable {

        @Override
        public void close() {
            connection.close();
        }
    }

    private final LettuceConnectionFactory connectionFactory;
    private @Nullable Link shared;

    public RedisStreamConnections(LettuceConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    /** A new connection; the caller closes it. */
    public Link connect() {
        return switch (connectionFactory.getRequiredNativeClient()) {
            case RedisClient client -> {
                StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
                yield new Link(connection, connection.sync());
            }
            case RedisClusterClient cluster -> {
                StatefulRedisClusterConnection<String, String> connection = cluster.connect(StringCodec.UTF8);
                yield new Link(connection, connection.sync());
            }
            default -> throw new IllegalStateException("stream consumers need a standalone or cluster Redis client, "
                    + "not "
                    + connectionFactory.getRequiredNativeClient().getClass().getName());
        };
    }

    /** A connection for non-blocking maintenance commands, opened on first use. */
    public synchronized RedisClusterCommands<String, String> shared() {
        Link link = shared;
        if (link == null || !link.connection().isOpen()) {
            link = connect();
            shared = link;
        }
        return link.commands();
    }

    @Override
    public synchronized void destroy() {
        if (shared != null) {
            shared.close();
        }
    }
}
