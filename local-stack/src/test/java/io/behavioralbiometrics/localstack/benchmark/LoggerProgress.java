package io.behavioralbiometrics.localstack.benchmark;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.testsupport.RedisEndpoint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;

/**
 * Tells when the event logger has committed everything in the stream, from its consumer
 * group: it acknowledges an entry only after the entry's rows committed, so "delivered up
 * to the stream's last entry and nothing pending" means every row is in PostgreSQL. The
 * check costs Redis microseconds; counting the rows instead (a scan of a growing table,
 * many times a second) took a PostgreSQL core away from the pipeline being measured.
 */
final class LoggerProgress implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;

    LoggerProgress(RedisEndpoint endpoint) {
        RedisURI uri = RedisURI.create(endpoint.url());
        uri.setTimeout(Duration.ofSeconds(10));
        client = RedisClient.create(uri);
        connection = client.connect();
        redis = connection.sync();
    }

    /** Whether the event logger's group has read up to the last entry and acknowledged all it read. */
    boolean caughtUp() {
        String last = field(redis.xinfoStream(BusNames.EVENTS_STREAM), "last-generated-id");
        for (Object group : redis.xinfoGroups(BusNames.EVENTS_STREAM)) {
            List<?> info = (List<?>) group;
            if (BusNames.EVENT_LOGGER_GROUP.equals(field(info, "name"))) {
                return last.equals(field(info, "last-delivered-id")) && "0".equals(field(info, "pending"));
            }
        }
        return false;
    }

    private static String field(List<?> pairs, String name) {
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            if (name.equals(String.valueOf(pairs.get(i)))) {
                return String.valueOf(pairs.get(i + 1));
            }
        }
        throw new IllegalStateException("no " + name + " in " + pairs);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
