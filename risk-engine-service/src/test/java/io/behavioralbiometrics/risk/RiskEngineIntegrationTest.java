package io.behavioralbiometrics.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.testsupport.RealServersConfiguration;
import io.behavioralbiometrics.testsupport.TestTokenIssuer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One application context for all integration tests, on the real PostgreSQL and Redis
 * of this JVM, with the event-logger's table and tokens from the test issuer; real HTTP.
 * Automatic retraining is on, after 1000 live events of a user (no other test sends that many).
 * Tests train one user several times in a row and score many sessions of one user, so the
 * training cooldown and the score rate limit are off here; {@code TrainingLimitsIntegrationTests}
 * runs with real ones. The model signing key is
 * generated once per test JVM ({@link #SIGNING_KEY}) and shared by every replica a test starts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bb.risk.retraining.enabled=true", "bb.risk.retraining.new-events=1000",
            "bb.risk.background.check-every=2s", "bb.risk.training.cooldown=0s",
            "bb.risk.scoring.requests-per-window=100000"})
@Import({RealServersConfiguration.class, EventsTableConfiguration.class})
abstract class RiskEngineIntegrationTest {

    static final TestTokenIssuer TOKENS = TestTokenIssuer.shared();
    static final EventCodec CODEC = new EventCodec();
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** What a deployment sets as bb.risk.model-signing-key: 32 random bytes, base64. */
    static final String SIGNING_KEY = signingKey();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Value("${local.management.port}")
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        registry.add("bb.security.jwt.jwk-set-uri", () -> TOKENS.jwkSetUri().toString());
        registry.add("bb.risk.model-signing-key", () -> SIGNING_KEY);
    }

    private static String signingKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    record Response(int status, JsonNode body, java.net.http.HttpHeaders headers) {
    }

    /**
     * Another risk-engine replica on this JVM's PostgreSQL and Redis (live consumer off), with
     * the same signing key, no training cooldown or score rate limit unless {@code extraArgs} set one, and
     * {@code extraArgs} on top; the caller closes it.
     */
    static ConfigurableApplicationContext otherReplica(String... extraArgs) {
        var servers = io.behavioralbiometrics.testsupport.RealServers.get();
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--bb.risk.live.enabled=false",
                "--spring.datasource.url=" + servers.postgres().jdbcUrl(),
                "--spring.datasource.username=" + servers.postgres().username(),
                "--spring.datasource.password=" + servers.postgres().password(),
                "--spring.data.redis.host=" + servers.redis().host(),
                "--spring.data.redis.port=" + servers.redis().port(),
                "--bb.security.jwt.jwk-set-uri=" + TOKENS.jwkSetUri(),
                "--bb.risk.model-signing-key=" + SIGNING_KEY,
                "--management.server.port=0"));
        args.addAll(List.of(extraArgs));
        for (String unlimited : List.of("--bb.risk.training.cooldown=0s", "--bb.risk.scoring.requests-per-window=100000")) {
            String key = unlimited.substring(0, unlimited.indexOf('=') + 1);
            if (args.stream().noneMatch(arg -> arg.startsWith(key))) {
                args.add(unlimited);
            }
        }
        return new org.springframework.boot.builder.SpringApplicationBuilder(RiskEngineApplication.class)
                .run(args.toArray(String[]::new));
    }

    static int portOf(ConfigurableApplicationContext context) {
        return ((org.springframework.boot.web.server.context.WebServerApplicationContext) context).getWebServer()
                .getPort();
    }

    /** Stores events as the event-logger would: one row per event, batches of 100. */
    void store(UUID userId, UUID sessionId, List<BehavioralEvent> events) {
        store(userId, sessionId, events, Instant.now());
    }

    /** As {@link #store(UUID, UUID, List)}, received by the ingestor at {@code receivedAt}. */
    void store(UUID userId, UUID sessionId, List<BehavioralEvent> events, Instant received) {
        List<Object[]> rows = new ArrayList<>(events.size());
        Timestamp receivedAt = Timestamp.from(received);
        for (int i = 0; i < events.size(); i++) {
            BehavioralEvent e = events.get(i);
            rows.add(new Object[] {userId, sessionId, (long) (i / 100), i % 100, e.type().wireName(), e.t(), e.x(),
                    e.y(), e.button(), e.dy(), e.code(), receivedAt});
        }
        jdbc.batchUpdate("""
                insert into events.behavioral_events
                    (user_id, session_id, batch_seq, idx, event_type, client_time, x, y, button, dy, code, received_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, rows);
    }

    /** Live stream entries the consumer handled with {@code outcome} (scored, skipped, poison, …). */
    double liveEntries(String outcome) {
        return meters.counter("bb.risk.live.entries", "outcome", outcome).count();
    }

    /**
     * A new user with a trained model: {@code sessions} stored sessions of {@code actions}
     * actions each from {@code mouse}, which goes on from there.
     */
    UUID trainedUser(SyntheticMouse mouse, int sessions, int actions) {
        UUID user = UUID.randomUUID();
        for (int session = 0; session < sessions; session++) {
            store(user, UUID.randomUUID(), mouse.actions(actions));
        }
        Response trained = train(user, TOKENS.accessToken(user));
        assertThat(trained.status()).as(trained.body().toString()).isEqualTo(200);
        return user;
    }

    Response train(UUID userId, @Nullable String token) {
        return post("/model/train/" + userId, token, null);
    }

    Response score(UUID userId, @Nullable String token, List<BehavioralEvent> events) {
        return score(port, userId, token, events);
    }

    /** A score request to the replica listening on {@code targetPort}. */
    Response score(int targetPort, UUID userId, @Nullable String token, List<BehavioralEvent> events) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        events.forEach(event -> array.add(CODEC.eventNode(event)));
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("events", array);
        return post(targetPort, "/model/score/" + userId, token, JSON.writeValueAsString(body));
    }

    Response post(String path, @Nullable String token, @Nullable String json) {
        return post(port, path, token, json);
    }

    private Response post(int targetPort, String path, @Nullable String token, @Nullable String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + targetPort + path))
                .header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return send(request, token);
    }

    /** POST without a body to the replica listening on {@code targetPort}. */
    Response postTo(int targetPort, String path, @Nullable String token) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + targetPort + path))
                .POST(HttpRequest.BodyPublishers.noBody()), token);
    }

    Response get(String path, @Nullable String token) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token);
    }

    private Response send(HttpRequest.Builder request, @Nullable String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Response(response.statusCode(),
                    body == null || body.isBlank() ? JsonNodeFactory.instance.missingNode() : JSON.readTree(body),
                    response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
