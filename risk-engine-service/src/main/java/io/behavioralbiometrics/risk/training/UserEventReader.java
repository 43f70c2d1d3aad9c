package io.behavioralbiometrics.risk.training;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads a user's stored events from the event-logger's table, read-only. Only the
 * {@code limit} events the server received last are read, oldest client time first; rows that break the event
 * contract are counted and skipped rather than failing a training.
 */
@Component
class UserEventReader {

    // The newest events by server receive time, never by the client's clock: a client (or a
    // stolen token) that stamps events far in the future must not make them outrank every
    // later event in all future trainings. Within the chosen events, sessions are read in
    // client-time order, which is what the features measure.
    static final String RECENT_EVENTS = """
            select session_id, event_type, client_time, x, y, button, dy, code
            from (select session_id, batch_seq, idx, event_type, client_time, x, y, button, dy, code
                  from events.behavioral_events
                  where user_id = :userId
                  order by received_at desc, session_id desc, batch_seq desc, idx desc
                  limit :limit) recent
            order by client_time, session_id, batch_seq, idx
            """;

    private final JdbcClient jdbc;

    UserEventReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param read     rows read from the table
     * @param sessions the usable events of each session, in time order; features are
     *                 computed per session so no window spans two sessions
     */
    record UserEvents(int read, Map<UUID, List<BehavioralEvent>> sessions) {

        int usable() {
            return sessions.values().stream().mapToInt(List::size).sum();
        }
    }

    private record Row(UUID sessionId, @Nullable BehavioralEvent event) {
    }

    UserEvents read(UUID userId, int limit) {
        List<Row> rows = jdbc.sql(RECENT_EVENTS)
                .param("userId", userId)
                .param("limit", limit)
                .query(UserEventReader::row)
                .list();
        Map<UUID, List<BehavioralEvent>> sessions = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.event() != null) {
                sessions.computeIfAbsent(row.sessionId(), id -> new ArrayList<>()).add(row.event());
            }
        }
        return new UserEvents(rows.size(), sessions);
    }

    private static Row row(ResultSet rs, int rowNum) throws SQLException {
        UUID sessionId = rs.getObject("session_id", UUID.class);
        Optional<EventType> type = EventType.fromWireName(rs.getString("event_type"));
        double t = rs.getDouble("client_time");
        if (type.isEmpty() || !Double.isFinite(t) || t <= 0) {
            return new Row(sessionId, null);
        }
        Double x = nullableDouble(rs, "x");
        Double y = nullableDouble(rs, "y");
        Integer button = rs.getObject("button") == null ? null : rs.getInt("button");
        Double dy = nullableDouble(rs, "dy");
        String code = rs.getString("code");
        BehavioralEvent event = switch (type.get()) {
            case MOUSEMOVE, MOUSEDOWN, MOUSEUP, CLICK -> x == null || y == null ? null
                    : new BehavioralEvent(type.get(), t, x, y, button, null, null);
            case WHEEL -> dy == null ? null : new BehavioralEvent(type.get(), t, x, y, null, dy, null);
            case KEYDOWN, KEYUP -> code == null ? null : new BehavioralEvent(type.get(), t, null, null, null, null, code);
        };
        return new Row(sessionId, event);
    }

    private static @Nullable Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() || !Double.isFinite(value) ? null : value;
    }
}
