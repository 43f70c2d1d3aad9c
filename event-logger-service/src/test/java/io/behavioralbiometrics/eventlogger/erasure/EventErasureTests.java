package io.behavioralbiometrics.eventlogger.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.UserDeletion;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.eventlogger.EventLoggerIntegrationTest;
import io.behavioralbiometrics.eventlogger.TestBatches;
import io.behavioralbiometrics.eventlogger.storage.EventWriter;
import io.behavioralbiometrics.testsupport.PartitionPlans;
import io.behavioralbiometrics.testsupport.TestTokenIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

@EventLoggerIntegrationTest
class EventErasureTests {

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        registry.add("bb.security.jwt.jwk-set-uri", () -> TestTokenIssuer.shared().jwkSetUri().toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    EventWriter writer;

    @Autowired
    EventErasure erasure;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    StringRedisTemplate redis;

    private final EventCodec codec = new EventCodec();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void erasureShouldDeleteRowsStreamEntriesAndDeadLettersRecordCompletionAndBeIdempotent() {
        UUID erased = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        writer.write(List.of(TestBatches.batch(erased, UUID.randomUUID(), 0, 30),
                TestBatches.batch(erased, UUID.randomUUID(), 1, 20), TestBatches.batch(kept, UUID.randomUUID(), 0, 10)));
        redis.opsForStream().add(MapRecord.create(BusNames.EVENTS_STREAM,
                TestBatches.batch(erased, UUID.randomUUID(), 5, 3).toFields(codec)));
        redis.opsForStream().add(MapRecord.create(BusNames.EVENTS_STREAM,
                TestBatches.batch(kept, UUID.randomUUID(), 5, 3).toFields(codec)));
        redis.opsForStream().add(MapRecord.create(BusNames.EVENTS_DEAD_LETTER_STREAM,
                Map.of("originalId", "1-0", "reason", "test", "original.userId", erased.toString())));
        assertThat(storedEvents(erased)).isGreaterThanOrEqualTo(50);

        for (int round = 1; round <= 2; round++) {
            UserDeletion deletion = announce(erased);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    redis.opsForHash().get(deletion.statusKey(), UserDeletion.EVENT_LOGGER)).isNotNull());

            assertThat(storedEvents(erased)).as("round %d", round).isZero();
            assertThat(entriesOf(BusNames.EVENTS_STREAM, "userId", erased)).isZero();
            assertThat(entriesOf(BusNames.EVENTS_DEAD_LETTER_STREAM, "original.userId", erased)).isZero();
            assertThat(redis.getExpire(deletion.statusKey())).isGreaterThan(Duration.ofDays(29).toSeconds());
            assertThat(redis.opsForStream().pending(BusNames.USER_DELETED_STREAM, BusNames.EVENT_LOGGER_GROUP)
                    .getTotalPendingMessages()).isZero();
        }
        assertThat(storedEvents(kept)).isGreaterThanOrEqualTo(10);
        assertThat(entriesOf(BusNames.EVENTS_STREAM, "userId", kept)).isOne();
    }

    @Test
    void eventsOfAnErasedUserArrivingLaterShouldNotBeStored() {
        UUID erased = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        erasure.erase(deletion(erased));

        writer.write(List.of(TestBatches.batch(erased, UUID.randomUUID(), 0, 12),
                TestBatches.batch(other, UUID.randomUUID(), 0, 12)));

        assertThat(storedEvents(erased)).isZero();
        assertThat(storedEvents(other)).isEqualTo(12);
    }

    @Test
    void eventsCommittedWhileTheErasureRunsShouldNotSurviveIt() throws Exception {
        UUID erased = UUID.randomUUID();
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        // An insert of the consumer that is in flight: done, but not committed yet.
        CompletableFuture<Void> inFlight = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(s -> {
            writer.write(List.of(TestBatches.batch(erased, UUID.randomUUID(), 0, 15)));
            inserted.countDown();
            awaitLatch(commit);
        }));
        assertThat(inserted.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> erasing = CompletableFuture.runAsync(() -> erasure.erase(deletion(erased)));
        Thread.sleep(500);
        assertThat(erasing).as("waits for the in-flight insert of the same user").isNotDone();
        commit.countDown();
        inFlight.get(30, TimeUnit.SECONDS);
        erasing.get(30, TimeUnit.SECONDS);

        assertThat(storedEvents(erased)).isZero();
    }

    @Test
    void exportShouldStreamOnlyTheCallersOwnEventsAndAdminsAnyones() {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        UUID aliceSession = UUID.randomUUID();
        writer.write(List.of(TestBatches.batch(alice, aliceSession, 0, 21), TestBatches.batch(bob, UUID.randomUUID(), 0, 4)));
        TestTokenIssuer tokens = TestTokenIssuer.shared();

        HttpResponse<String> own = get("/api/users/me/data", tokens.accessToken(alice));
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/x-ndjson"));
        List<String> lines = own.body().lines().toList();
        assertThat(lines).hasSize(21).allSatisfy(line -> assertThat(line).contains(aliceSession.toString()));
        assertThat(lines.getFirst()).contains("\"type\":\"mousemove\"", "\"seq\":0", "\"index\":0", "\"receivedAt\"");
        assertThat(get("/api/users/me/data", tokens.accessToken(bob)).body().lines()).hasSize(4)
                .noneMatch(line -> line.contains(aliceSession.toString()));

        assertThat(get("/api/admin/users/" + alice + "/data", tokens.accessToken(bob)).statusCode()).isEqualTo(403);
        HttpResponse<String> byAdmin = get("/api/admin/users/" + alice + "/data", tokens.adminToken(UUID.randomUUID()));
        assertThat(byAdmin.statusCode()).isEqualTo(200);
        assertThat(byAdmin.body().lines()).hasSize(21);
        assertThat(get("/api/users/me/data", null).statusCode()).isEqualTo(401);
    }

    @Test
    void exportWithTheStillValidTokenOfAnErasedUserShouldBe401() {
        UUID erased = UUID.randomUUID();
        String token = TestTokenIssuer.shared().accessToken(erased);
        assertThat(get("/api/users/me/data", token).statusCode()).isEqualTo(200);

        redis.opsForValue().set(UserDeletion.tombstoneKey(erased), "1", Duration.ofMinutes(5));

        assertThat(get("/api/users/me/data", token).statusCode()).isEqualTo(401);
        assertThat(get("/api/users/me/data", TestTokenIssuer.shared().accessToken(UUID.randomUUID())).statusCode())
                .isEqualTo(200);
    }

    @Test
    void exportAndErasureShouldReadOnlyTheUsersPartition() throws Exception {
        UUID user = UUID.randomUUID();
        writer.write(List.of(TestBatches.batch(user, UUID.randomUUID(), 0, 5)));
        String home = jdbc.queryForObject("select relname from pg_class where oid = "
                + "(select tableoid from events.behavioral_events where user_id = ? limit 1)", String.class, user);

        for (String sql : List.of(EventExportController.EXPORT_QUERY, EventErasure.DELETE_EVENTS.replace(":id", "?"))) {
            String plan;
            try (var connection = dataSource.getConnection()) {
                plan = PartitionPlans.plan(connection, sql, user);
            }
            assertThat(PartitionPlans.partitionsRead(plan)).as(plan).containsExactly(home);
        }
    }

    private UserDeletion announce(UUID userId) {
        UserDeletion deletion = deletion(userId);
        redis.opsForStream().add(MapRecord.create(BusNames.USER_DELETED_STREAM, deletion.toFields()));
        return deletion;
    }

    private static UserDeletion deletion(UUID userId) {
        return new UserDeletion(userId, UUID.randomUUID(), Instant.now(), UserDeletion.RequestedBy.SELF);
    }

    private long storedEvents(UUID userId) {
        Long count = jdbc.queryForObject("select count(*) from events.behavioral_events where user_id = ?", Long.class,
                userId);
        return count == null ? 0 : count;
    }

    private long entriesOf(String stream, String field, UUID userId) {
        List<MapRecord<String, Object, Object>> entries = redis.opsForStream().range(stream, Range.unbounded());
        return entries == null ? 0 : entries.stream().filter(e -> userId.toString().equals(e.getValue().get(field)))
                .count();
    }

    private HttpResponse<String> get(String path, @Nullable String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
