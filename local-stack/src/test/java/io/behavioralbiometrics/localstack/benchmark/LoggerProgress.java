package io.behavioralbiometrics.localstack.benchmark;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.EventStreams;
import io.behavioralbiometrics.localstack.LocalStack;
import io.behavioralbiometrics.localstack.StackRedis;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.List;

/**
 * Tells when the event logger has committed everything in the stream, from its consumer
 * group: it acknowledges an entry only after the entry's rows committed, so "delivered up
 * to the stream's last entry and nothing pending" means every row is in PostgreSQL. The
 * check costs Redis microseconds; counting the rows instead (a scan of a growing table,
 * many times a second) took a PostgreSQL core away from the pipeline being measured.
 * <p>
 * Every shard of the stream is checked, on one Redis or on the stack's cluster (each
 * shard's key on the master of its slot).
 */
final class LoggerProgress implements AutoCloseable {

    private final StackRedis connection;
    private final RedisClusterCommands<String, String> redis;
    private final List<String> streams;

    LoggerProgress(LocalStack stack, EventStreams shards) {
        connection = StackRedis.open(stack);
        redis = connection.commands();
        streams = shards.keys(BusNames.EVENTS_STREAM);
    }

    /** Whether, on every shard, the event logger's group has read up to the last entry and acknowledged all it read. */
    boolean caughtUp() {
        for (String stream : streams) {
            if (!caughtUp(stream)) {
                return false;
            }
        }
        return true;
    }

    private boolean caughtUp(String stream) {
        if (redis.exists(stream) == 0) {
            return true; // nothing was ever appended, and the logger has not created its group yet
        }
        String last = field(redis.xinfoStream(stream), "last-generated-id");
        for (Object group : redis.xinfoGroups(stream)) {
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
    }
}
