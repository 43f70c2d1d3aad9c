package io.behavioralbiometrics.ingestor.ingest.connection;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** The open sockets of this instance, by socket id and by user. */
@Component
public class ConnectionRegistry {

    private final Map<String, Connection> byId = new ConcurrentHashMap<>();
    private final Map<UUID, Set<Connection>> byUser = new ConcurrentHashMap<>();

    /**
     * Adds a socket unless its user already has {@code maxPerUser} open; the check and the
     * add are atomic per user, so concurrent handshakes cannot overshoot.
     */
    boolean add(Connection connection, int maxPerUser) {
        boolean[] added = {false};
        byUser.compute(connection.userId(), (user, set) -> {
            Set<Connection> sockets = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (sockets.size() < maxPerUser) {
                sockets.add(connection);
                added[0] = true;
            }
            return sockets.isEmpty() ? null : sockets;
        });
        if (added[0]) {
            byId.put(connection.id(), connection);
        }
        return added[0];
    }

    void remove(Connection connection) {
        byId.remove(connection.id(), connection);
        byUser.computeIfPresent(connection.userId(), (user, sockets) -> {
            sockets.remove(connection);
            return sockets.isEmpty() ? null : sockets;
        });
    }

    @Nullable Connection get(String socketId) {
        return byId.get(socketId);
    }

    int countOf(UUID userId) {
        Set<Connection> sockets = byUser.get(userId);
        return sockets == null ? 0 : sockets.size();
    }

    public Collection<Connection> ofUser(UUID userId) {
        Set<Connection> sockets = byUser.get(userId);
        return sockets == null ? List.of() : List.copyOf(sockets);
    }

    public Collection<Connection> all() {
        return List.copyOf(byId.values());
    }

    int size() {
        return byId.size();
    }
}
