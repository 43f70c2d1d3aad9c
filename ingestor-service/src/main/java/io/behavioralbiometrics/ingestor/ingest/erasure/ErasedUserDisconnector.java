package io.behavioralbiometrics.ingestor.ingest.erasure;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.UserDeletion;
import io.behavioralbiometrics.core.event.ContractViolation;
import io.behavioralbiometrics.core.stream.RedisStreamConnections;
import io.behavioralbiometrics.core.stream.StreamConsumer;
import io.behavioralbiometrics.core.stream.StreamEntry;
import io.behavioralbiometrics.core.stream.StreamHandler;
import io.behavioralbiometrics.ingestor.ingest.connection.Connection;
import io.behavioralbiometrics.ingestor.ingest.connection.ConnectionRegistry;
import io.behavioralbiometrics.ingestor.ingest.connection.IngestWebSocketHandler;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Closes the open sockets of erased users on this replica with {@link IngestWebSocketHandler#USER_ERASED}.
 * <p>
 * Every replica must see every entry of {@value BusNames#USER_DELETED_STREAM}, so it reads the
 * stream as a {@linkplain StreamConsumer#tail tail} (no consumer group) from its end. An entry
 * can disappear before a replica reads it (the last erasing service deletes it; Redis may be
 * unreachable for a while), so when reading first starts, and whenever it resumes after a
 * failure, the tombstones of all users with open sockets here are checked as well.
 */
@Component
class ErasedUserDisconnector implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ErasedUserDisconnector.class);
    private static final StreamConsumer.Tail TAIL = new StreamConsumer.Tail(BusNames.USER_DELETED_STREAM,
            "erased-user-disconnector", 100, Duration.ofSeconds(2),
            new StreamConsumer.Backoff(Duration.ofSeconds(2), Duration.ofSeconds(2)));

    private final ConnectionRegistry registry;
    private final DeletedUsers deletedUsers;
    private final StreamConsumer tail;

    ErasedUserDisconnector(RedisStreamConnections connections, ConnectionRegistry registry,
            DeletedUsers deletedUsers) {
        this.registry = registry;
        this.deletedUsers = deletedUsers;
        this.tail = StreamConsumer.tail(connections, TAIL, this::closeSocketsWithTombstones, this::handle);
    }

    @Override
    public void start() {
        tail.start();
    }

    @Override
    public void stop() {
        tail.stop();
    }

    @Override
    public boolean isRunning() {
        return tail.isRunning();
    }

    private void handle(List<StreamEntry> entries, StreamHandler.Outcomes outcomes) {
        for (StreamEntry entry : entries) {
            try {
                closeSocketsOf(UserDeletion.fromFields(entry.fields()).userId());
            } catch (ContractViolation e) {
                outcomes.reject(entry, e.getMessage());
            }
        }
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
}
