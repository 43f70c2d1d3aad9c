package io.behavioralbiometrics.eventlogger.stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Lettuce access for the stream commands Spring Data Redis does not offer (XAUTOCLAIM,
 * XTRIM MINID), on the client Boot configured. Each consumer gets its own connection so
 * its blocking reads hold up nobody else; maintenance shares one.
 */
@Component
class RedisStreams implements DisposableBean {

    private final LettuceConnectionFactory connectionFactory;
    private @Nullable StatefulRedisConnection<String, String> shared;

    RedisStreams(LettuceConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    RedisClient client() {
        if (!(connectionFactory.getRequiredNativeClient() instanceof RedisClient client)) {
            throw new IllegalStateException("the event logger needs a standalone Redis client");
        }
        return client;
    }

    /** A connection for non-blocking maintenance commands, opened on first use. */
    synchronized RedisCommands<String, String> shared() {
        StatefulRedisConnection<String, String> connection = shared;
        if (connection == null || !connection.isOpen()) {
            connection = client().connect(StringCodec.UTF8);
            shared = connection;
        }
        return connection.sync();
    }

    @Override
    public synchronized void destroy() {
        if (shared != null) {
            shared.close();
        }
    }
}
