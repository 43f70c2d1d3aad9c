package io.behavioralbiometrics.eventlogger.erasure;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exports a user's stored events as NDJSON, one event per line in capture order. Rows are
 * read through a server-side cursor and written as they come, so a user with millions of
 * events costs a fetch-sized buffer, not their whole history. A user exports their own
 * events (the token's subject); administrators anyone's.
 */
@RestController
class EventExportController {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    private static final int FETCH_SIZE = 1000;
    /** One user's events, so it reads that user's partition only. */
    static final String EXPORT_QUERY = """
            select session_id, batch_seq, idx, event_type, client_time, x, y, button, dy, code, received_at
            from events.behavioral_events where user_id = ?
            order by client_time, session_id, batch_seq, idx""";

    private final JdbcTemplate cursor;
    private final TransactionTemplate transactions;
    private final JsonMapper json = JsonMapper.builder().build();

    EventExportController(DataSource dataSource, TransactionTemplate transactions) {
        this.cursor = new JdbcTemplate(dataSource);
        this.cursor.setFetchSize(FETCH_SIZE);
        this.transactions = transactions;
    }

    @GetMapping(value = "/api/users/me/data", produces = "application/x-ndjson")
    ResponseEntity<StreamingResponseBody> exportOwn(@AuthenticationPrincipal Jwt jwt) {
        return export(UUID.fromString(jwt.getSubject()));
    }

    @GetMapping(value = "/api/admin/users/{userId}/data", produces = "application/x-ndjson")
    ResponseEntity<StreamingResponseBody> exportAny(@PathVariable UUID userId) {
        return export(userId);
    }

    private ResponseEntity<StreamingResponseBody> export(UUID userId) {
        StreamingResponseBody body = output -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            // PostgreSQL streams with a fetch size only inside a transaction (a named cursor),
            // idle between fetches while a slow client reads: exempt from the pool's idle timeout.
            transactions.executeWithoutResult(status -> {
                cursor.execute("set local idle_in_transaction_session_timeout = 0");
                cursor.query(EXPORT_QUERY,
                        rs -> {
                            Map<String, Object> line = new LinkedHashMap<>();
                            line.put("sessionId", rs.getObject("session_id", UUID.class));
                            line.put("seq", rs.getLong("batch_seq"));
                            line.put("index", rs.getInt("idx"));
                            line.put("type", rs.getString("event_type"));
                            line.put("t", rs.getDouble("client_time"));
                            putIfPresent(line, "x", rs.getObject("x"));
                            putIfPresent(line, "y", rs.getObject("y"));
                            putIfPresent(line, "button", rs.getObject("button"));
                            putIfPresent(line, "dy", rs.getObject("dy"));
                            putIfPresent(line, "code", rs.getObject("code"));
                            line.put("receivedAt", rs.getTimestamp("received_at").toInstant().toString());
                            try {
                                writer.write(json.writeValueAsString(line));
                                writer.write('\n');
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }, userId);
            });
            writer.flush();
        };
        return ResponseEntity.ok().contentType(NDJSON).body(body);
    }

    private static void putIfPresent(Map<String, Object> line, String name, Object value) {
        if (value != null) {
            line.put(name, value);
        }
    }
}
