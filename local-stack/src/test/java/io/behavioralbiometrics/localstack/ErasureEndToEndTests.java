package io.behavioralbiometrics.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.testsupport.PostgresEndpoint;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Erasure across the running system: a user's data is spread over identity, the event
 * store, the risk engine and Redis; after {@code DELETE /api/users/me} (or the admin
 * variant) completes, nothing of that user is left anywhere, another user's data is all
 * still there, and the erased user's unexpired access token is refused everywhere.
 */
@ExtendWith(RunningStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErasureEndToEndTests {

    private static final String PASSWORD = "a long enough passphrase";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Schemas whose tables may hold user ids. */
    private static final List<String> SCHEMAS = List.of("identity", "events", "risk");
    /** The event-logger keeps erased ids for a day, so events still in flight are dropped, not stored. */
    static final String ERASED_USERS_TABLE = "events.erased_users";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalStack stack;
    private StackClient client;
    private StackRedis redis;

    /** The stack under test: the shared one; {@link ClusterErasureEndToEndTests} runs the same on a Redis Cluster. */
    LocalStack stack() {
        return RunningStack.get();
    }

    @BeforeAll
    void connect() {
        stack = stack();
        client = new StackClient(stack.options());
        redis = StackRedis.open(stack);
    }

    @AfterAll
    void disconnect() {
        redis.close();
    }

    @Test
    void erasingOwnAccountShouldRemoveTheUserEverywhereAndLeaveOthersUntouched() throws Exception {
        StackClient.Session alice = userWithData("erase-me");
        StackClient.Session bob = userWithData("keep-me");
        Map<String, Long> bobsRows = rowsOf(stack.postgres(), bob.userId());
        assertThat(bobsRows).as("bob has data in every schema")
                .containsKeys("identity.users", "identity.refresh_tokens", "events.behavioral_events",
                        "risk.user_models", "risk.session_risk");
        assertThat(riskWindowsOf(alice.userId())).isNotEmpty();

        try (ClosingSocket open = ClosingSocket.open(http, stack.options(), alice.accessToken())) {
            HttpResponse<String> accepted = send("DELETE", stack.options().identityUrl() + "/api/users/me",
                    alice.accessToken());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String location = accepted.headers().firstValue("Location").orElseThrow();
            assertThat(JSON.readTree(accepted.body()).path("userId").asString()).isEqualTo(alice.userId().toString());

            awaitComplete(location);

            assertThat(open.closeCode().get(60, TimeUnit.SECONDS)).as("the open ingest socket is closed")
                    .isEqualTo(4403);
        }
        assertNothingLeftOf(alice);
        assertKept(bobsRows, rowsOf(stack.postgres(), bob.userId()));
        assertThat(riskWindowsOf(bob.userId())).isNotEmpty();
        assertStillServed(bob);
    }

    @Test
    void adminErasureShouldRemoveTheUserEverywhere() throws Exception {
        StackClient.Session admin = admin();
        StackClient.Session carol = userWithData("erased-by-admin");
        StackClient.Session dave = userWithData("kept-by-admin");
        Map<String, Long> davesRows = rowsOf(stack.postgres(), dave.userId());

        HttpResponse<String> refused = send("DELETE",
                stack.options().identityUrl() + "/api/admin/users/" + carol.userId(), dave.accessToken());
        assertThat(refused.statusCode()).as("a user may not erase another").isEqualTo(403);
        HttpResponse<String> accepted = send("DELETE",
                stack.options().identityUrl() + "/api/admin/users/" + carol.userId(), admin.accessToken());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        awaitComplete(accepted.headers().firstValue("Location").orElseThrow());

        assertNothingLeftOf(carol);
        assertKept(davesRows, rowsOf(stack.postgres(), dave.userId()));
        assertStillServed(dave);
    }

    /** Registers and logs in, streams events, waits until they are stored, trains, scores and gets a live risk. */
    private StackClient.Session userWithData(String name) throws Exception {
        String email = name + "-" + UUID.randomUUID() + "@example.com";
        client.register(email, PASSWORD);
        StackClient.Session session = client.login(email, PASSWORD);
        // A failed login leaves a throttle row tied to the account.
        assertThat(client.post(stack.options().identityUrl() + "/api/auth/login", null,
                Map.of("email", email, "password", "not the passphrase at all")).status()).isEqualTo(401);

        long now = Instant.now().toEpochMilli();
        List<BehavioralEvent> enrolment = new SyntheticMouse(SyntheticMouse.Profile.ALICE, 11, now - 600_000)
                .movements(60);
        try (StackClient.Ingest ingest = client.connect(session)) {
            ingest.stream(UUID.randomUUID(), enrolment, 50, Duration.ofSeconds(60));
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(LocalStackEndToEndTests.storedEvents(stack.postgres(), session.userId()))
                        .isEqualTo(enrolment.size()));
        StackClient.Reply trained = client.train(session);
        assertThat(trained.status()).as("train: %s", trained.body()).isEqualTo(200);
        List<BehavioralEvent> live = new SyntheticMouse(SyntheticMouse.Profile.ALICE, 12, now).movements(30);
        StackClient.Reply scored = client.score(session, live);
        assertThat(scored.status()).as("score: %s", scored.body()).isEqualTo(200);
        try (StackClient.Ingest ingest = client.connect(session)) {
            ingest.stream(UUID.randomUUID(), live, 50, Duration.ofSeconds(60));
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(count("risk.session_risk", session.userId())).as("live risk stored").isPositive());
        return session;
    }

    private StackClient.Session admin() throws Exception {
        String email = RunningStack.ADMIN_EMAIL;
        StackClient.Reply login = client.post(stack.options().identityUrl() + "/api/auth/login", null,
                Map.of("email", email, "password", PASSWORD));
        if (login.status() == 401) {
            // The role follows bb.identity.admin-user-ids, so the administrator's account must
            // have the listed id: created with the password hash of an account registered
            // over HTTP, as no endpoint chooses ids.
            StackClient.Session template = client.register("hash-template-" + UUID.randomUUID() + "@example.com",
                    PASSWORD);
            PostgresEndpoint pg = stack.postgres();
            try (Connection connection = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
                    PreparedStatement insert = connection.prepareStatement("""
                            insert into identity.users (id, email, password_hash, created_at)
                            select ?, ?, password_hash, now() from identity.users where id = ?
                            on conflict do nothing""")) {
                insert.setObject(1, RunningStack.ADMIN_USER_ID);
                insert.setString(2, email);
                insert.setObject(3, template.userId());
                insert.executeUpdate();
            }
        }
        return client.login(email, PASSWORD);
    }

    private void awaitComplete(String location) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> status = send("GET", stack.options().identityUrl() + location, null);
            assertThat(status.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(status.body());
            assertThat(body.path("complete").asBoolean()).as(status.body()).isTrue();
        });
    }

    private void assertNothingLeftOf(StackClient.Session user) throws Exception {
        Map<String, Long> left = rowsOf(stack.postgres(), user.userId());
        left.remove(ERASED_USERS_TABLE);
        assertThat(left).as("rows of %s in %s", user.userId(), SCHEMAS).isEmpty();
        assertThat(countWhere("identity.login_failures", "throttle_key", "account:" + user.email())).isZero();
        assertThat(countWhere("identity.login_locks", "throttle_key", "account:" + user.email())).isZero();
        assertThat(eventStreamEntriesOf(user.userId())).as("entries of %s in %s and %s", user.userId(),
                BusNames.EVENTS_STREAM, BusNames.EVENTS_DEAD_LETTER_STREAM).isZero();
        assertThat(riskWindowsOf(user.userId())).as("live risk state").isEmpty();

        String token = user.accessToken();
        assertThat(handshakeStatus(token)).as("ingest handshake with the old token").isEqualTo(401);
        assertThat(send("GET", stack.options().identityUrl() + "/api/users/me/data", token).statusCode())
                .as("identity export").isEqualTo(401);
        assertThat(send("GET", "http://localhost:" + stack.options().eventLoggerPort() + "/api/users/me/data", token)
                .statusCode()).as("event-logger export").isEqualTo(401);
        assertThat(send("GET", stack.options().riskUrl() + "/api/users/me/data", token).statusCode())
                .as("risk-engine export").isEqualTo(401);
        assertThat(client.post(stack.options().identityUrl() + "/api/auth/login", null,
                Map.of("email", user.email(), "password", PASSWORD)).status()).as("login").isEqualTo(401);
    }

    /** Every table still has at least the rows it had (a retraining may add a model version meanwhile). */
    private static void assertKept(Map<String, Long> before, Map<String, Long> after) {
        assertThat(after).as("rows of the other user").containsOnlyKeys(before.keySet());
        before.forEach((table, rows) -> assertThat(after.get(table)).as(table).isGreaterThanOrEqualTo(rows));
    }

    private void assertStillServed(StackClient.Session user) throws Exception {
        assertThat(send("GET", stack.options().identityUrl() + "/api/users/me/data", user.accessToken()).statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "http://localhost:" + stack.options().eventLoggerPort() + "/api/users/me/data",
                user.accessToken()).body().lines()).isNotEmpty();
        assertThat(handshakeStatus(user.accessToken())).isEqualTo(101);
    }

    /** Rows per table (schema.table) holding {@code userId} in a {@code user_id} or (identity.users) {@code id} column. */
    static Map<String, Long> rowsOf(PostgresEndpoint pg, UUID userId) throws Exception {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password())) {
            List<String[]> columns = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("""
                    select table_schema, table_name, column_name from information_schema.columns
                    where table_schema::text = any (?) and data_type = 'uuid'
                      and (column_name = 'user_id' or (table_name = 'users' and column_name = 'id'))""")) {
                query.setArray(1, connection.createArrayOf("text", SCHEMAS.toArray()));
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        columns.add(new String[] {result.getString(1), result.getString(2), result.getString(3)});
                    }
                }
            }
            assertThat(columns).as("tables with user ids").hasSizeGreaterThanOrEqualTo(5);
            for (String[] column : columns) {
                String table = column[0] + "." + column[1];
                long count = countWhere(connection, table, column[2], userId);
                if (count > 0) {
                    rows.put(table, count);
                }
            }
        }
        return rows;
    }

    private long count(String table, UUID userId) throws Exception {
        return countWhere(table, "user_id", userId);
    }

    private long countWhere(String table, String column, Object value) throws Exception {
        PostgresEndpoint pg = stack.postgres();
        try (Connection connection = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password())) {
            return countWhere(connection, table, column, value);
        }
    }

    private static long countWhere(Connection connection, String table, String column, Object value) throws Exception {
        // Table and column names come from information_schema or constants above, never from input.
        try (PreparedStatement query = connection.prepareStatement(
                "select count(*) from " + table + " where " + column + " = ?")) {
            query.setObject(1, value);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private long eventStreamEntriesOf(UUID userId) {
        RedisClusterCommands<String, String> redis = this.redis.commands();
        long found = 0;
        List<String> streams = new java.util.ArrayList<>(RunningStack.STREAMS.keys(BusNames.EVENTS_STREAM));
        streams.add(BusNames.EVENTS_DEAD_LETTER_STREAM);
        for (String stream : streams) {
            for (StreamMessage<String, String> entry : redis.xrange(stream, Range.create("-", "+"))) {
                if (userId.toString().equals(entry.getBody().get(IngestedBatch.USER_ID))
                        || userId.toString().equals(entry.getBody().get("original." + IngestedBatch.USER_ID))) {
                    found++;
                }
            }
        }
        return found;
    }

    private List<String> riskWindowsOf(UUID userId) {
        RedisClusterCommands<String, String> redis = this.redis.commands();
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor,
                    ScanArgs.Builder.matches("bb:risk:session:{" + userId + "}:*").limit(1000));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    private HttpResponse<String> send(String method, String url, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** 101 when the ingest socket opens, else the HTTP status of the refused handshake. */
    private int handshakeStatus(String token) {
        try (ClosingSocket socket = ClosingSocket.open(http, stack.options(), token)) {
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    /** An ingest socket that remembers the close code the server sent. */
    private static final class ClosingSocket implements WebSocket.Listener, AutoCloseable {

        private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private WebSocket socket;

        static ClosingSocket open(HttpClient http, StackOptions options, String token) {
            ClosingSocket listener = new ClosingSocket();
            listener.socket = http.newWebSocketBuilder()
                    .subprotocols("bb.v1", "bearer." + token)
                    .header("Origin", "http://localhost:" + options.demoPort())
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(options.ingestUrl()), listener)
                    .orTimeout(15, TimeUnit.SECONDS)
                    .join();
            return listener;
        }

        CompletableFuture<Integer> closeCode() {
            return closeCode;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
        }

        @Override
        public void close() {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS)
                        .exceptionally(e -> null).join();
            }
        }
    }
}
