package io.behavioralbiometrics.ingestor.ingest.erasure;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.UserDeletion;
import io.behavioralbiometrics.core.event.ContractViolation;
import io.behavioralbiometrics.ingestor.ingest.connection.Connection;
import io.behavioralbiometrics.ingestor.ingest.connection.ConnectionRegistry;
import io.behavioralbiometrics.ingestor.ingest.connection.IngestWebSocketHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.stereotype.Component;

/**
 * Closes the open sockets of erased users on this replica with {@link IngestWebSocketHandler#USER_ERASED}.
 * <p>
 * Every replica reads {@value BusNames#USER_DELETED_STREAM} itself with a plain blocking
 * {@code XREAD} (no consumer group: each replica must see every entry) from the stream's
 * end, on a virtual thread and its own Redis connection. An entry can disappear before a
 * replica reads it (the last erasing service deletes it; Redis may be unreachable for a
 * while), so whenever reading resumes after a failure, and when it first starts, the
 * tombstones of all users with open sockets here are checked as well.
 */
@Component
class ErasedUserDisconnector implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ErasedUserDisconnector.class);
    private static final byte[] STREAM = BusNames.USER_DELETED_STREAM.getBytes(StandardCharsets.UTF_8);
    private static final Duration BLOCK = Duration.ofSeconds(2);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final RedisConnectionFactory connections;
    private final ConnectionRegistry registry;
    private final DeletedUsers deletedUsers;
    private volatile boolean running;
    private volatile @Nullable Thread thread;
    private volatile @Nullable RedisConnection connection;

    ErasedUserDisconnector(RedisConnectionFactory connections, ConnectionRegistry registry,
            DeletedUsers deletedUsers) {
        this.connections = connections;
        this.registry = registry;
        this.deletedUsers = deletedUsers;
    }

    @Override
    public synchronized void start() {
        // Also after stop(): Spring pauses and restarts the lifecycle beans of a cached test context.
        if (thread == null) {
            running = true;
            Thread created = Thread.ofVirtual().name("erased-user-disconnector").unstarted(this::run);
            thread = created;
            created.start();
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread current = thread;
        thread = null;
        closeConnection();
        if (current != null) {
            current.interrupt();
            try {
                current.join(BLOCK.plusSeconds(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        // Null until the stream's end is known; then the id of the last entry seen.
        @Nullable String lastId = null;
        // Check the tombstones at the start and whenever reading resumes after a failure:
        // entries may have been deleted meanwhile.
        boolean checkTombstones = true;
        // A run that outlived stop() ends rather than reading beside the next start's run.
        while (running && thread == Thread.currentThread()) {
            try {
                RedisConnection current = connection();
                if (lastId == null) {
                    lastId = streamEnd(current);
                }
                if (checkTombstones) {
                    closeSocketsWithTombstones();
                    checkTombstones = false;
                }
                List<ByteRecord> records = current.streamCommands().xRead(
                        StreamReadOptions.empty().block(BLOCK).count(100),
                        StreamOffset.create(STREAM, ReadOffset.from(lastId)));
                if (records != null) {
                    for (ByteRecord record : records) {
                        lastId = record.getId().getValue();
                        handle(lastId, record.getValue());
                    }
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Cannot read {}, retrying in {}: {}", BusNames.USER_DELETED_STREAM, RETRY, e.toString());
                closeConnection();
                checkTombstones = true;
                sleep(RETRY);
            }
        }
    }

    /** The id of the newest entry, or 0-0 for an empty or missing stream. */
    private static String streamEnd(RedisConnection connection) {
        List<ByteRecord> newest = connection.streamCommands().xRevRange(STREAM, Range.unbounded(),
                Limit.limit().count(1));
        return newest == null || newest.isEmpty() ? "0-0" : newest.getFirst().getId().getValue();
    }

    private void handle(String id, Map<byte[], byte[]> body) {
        Map<String, String> fields = new LinkedHashMap<>();
        body.forEach((k, v) -> fields.put(new String(k, StandardCharsets.UTF_8), new String(v, StandardCharsets.UTF_8)));
        UserDeletion deletion;
        try {
            deletion = UserDeletion.fromFields(fields);
        } catch (ContractViolation e) {
            log.warn("Ignored unreadable entry {} of {}: {}", id, BusNames.USER_DELETED_STREAM, e.getMessage());
            return;
        }
        closeSocketsOf(deletion.userId());
    }

    private void closeSocketsWithTombstones() {
        Set<UUID> users = new LinkedHashSet<>();
        for (Connection open : registry.all()) {
            users.add(open.userId());
        }
        for (UUID user : users) {
            if (deletedUsers.isDeleted(user)) {
                closeSocketsOf(user);
            }
        }
    }

    private void closeSocketsOf(UUID userId) {
        Collection<Connection> sockets = registry.ofUser(userId);
        for (Connection socket : sockets) {
            socket.close(IngestWebSocketHandler.USER_ERASED);
        }
        if (!sockets.isEmpty()) {
            log.info("Closed {} socket(s) of erased user {}", sockets.size(), userId);
        }
    }

    private RedisConnection connection() {
        RedisConnection current = connection;
        if (current == null || current.isClosed()) {
            current = connections.getConnection();
            connection = current;
        }
        return current;
    }

    private void closeConnection() {
        RedisConnection current = connection;
        connection = null;
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException e) {
                log.debug("Closing the erasure stream connection failed: {}", e.toString());
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
