package io.behavioralbiometrics.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventBatch;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.core.event.ServerFrame;
import io.behavioralbiometrics.testsupport.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --replicas ingestor=2,event-logger=3,risk-engine=2}: 1,000 sockets spread over both
 * ingestors are stored exactly once by loggers that all take a share; a model trained
 * through one risk-engine replica scores on the other; live risk reaches a socket on the
 * second ingestor.
 */
class ReplicasTests {

    private static final int SOCKETS = 1000;
    private static final int BATCHES = 2;
    private static final int EVENTS_PER_BATCH = 10;

    private static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory("bb-local-stack-replicas-");
        StackOptions options = StackOptions.defaults(Path.of("..").toAbsolutePath().normalize())
                .withPorts(Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free())
                .withDataDirectory(data, false)
                .withServiceArguments(List.of("--bb.ingest.max-connections-per-user=" + (SOCKETS + 10),
                        "--bb.ingest.events-per-second=100000", "--bb.ingest.event-burst=100000"))
                .withReplicas(StackOptions.replicas("ingestor=2,event-logger=3,risk-engine=2"));
        stack = LocalStack.start(options);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theLauncherShouldRunEveryRequestedInstance() {
        assertThat(stack.portsOf("identity-service")).containsExactly(stack.options().identityPort());
        assertThat(stack.portsOf("ingestor-service")).hasSize(2).first().isEqualTo(stack.options().ingestorPort());
        assertThat(stack.portsOf("event-logger-service")).hasSize(3).doesNotHaveDuplicates();
        assertThat(stack.portsOf("risk-engine-service")).hasSize(2).first().isEqualTo(stack.options().riskEnginePort());
        for (String instance : List.of("ingestor-service-2", "event-logger-service-2", "event-logger-service-3",
                "risk-engine-service-2")) {
            assertThat(stack.isReady(instance)).as(instance).isTrue();
        }
        assertThat(stack.summary()).contains("event-logger     ports " + stack.portsOf("event-logger-service"));
    }

    @Test
    void socketsOnBothIngestorsShouldBeStoredExactlyOnceByEveryLogger() throws Exception {
        StackClient client = new StackClient(stack.options());
        StackClient.Session user = signUp(client);
        Map<String, Double> persistedBefore = persistedPerLogger();
        List<Integer> ingestors = stack.portsOf("ingestor-service");
        EventCodec codec = new EventCodec();
        HttpClient http = HttpClient.newHttpClient();
        AtomicLong acks = new AtomicLong();
        AtomicLong refusals = new AtomicLong();
        List<WebSocket> sockets = new ArrayList<>();
        List<BehavioralEvent> sample = new SyntheticMouse(SyntheticMouse.Profile.ALICE, 3, Instant.now().toEpochMilli())
                .movements(3).subList(0, EVENTS_PER_BATCH);
        for (int i = 0; i < SOCKETS; i++) {
            int port = ingestors.get(i % ingestors.size());
            WebSocket socket = http.newWebSocketBuilder()
                    .subprotocols("bb.v1", "bearer." + user.accessToken())
                    .header("Origin", "http://localhost:" + stack.options().demoPort())
                    .connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(URI.create("ws://localhost:" + port + "/ws/ingest"), new Counting(codec, acks, refusals))
                    .get(60, TimeUnit.SECONDS);
            sockets.add(socket);
        }
        for (WebSocket socket : sockets) {
            UUID session = UUID.randomUUID();
            for (long seq = 0; seq < BATCHES; seq++) {
                socket.sendText(codec.encodeBatch(new EventBatch(session, seq, sample)), true).get(10, TimeUnit.SECONDS);
            }
        }
        long expected = (long) SOCKETS * BATCHES;
        await().atMost(Duration.ofMinutes(2)).until(() -> acks.get() + refusals.get() >= expected);
        assertThat(refusals.get()).as("refused batches").isZero();
        for (WebSocket socket : sockets) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }

        long events = expected * EVENTS_PER_BATCH;
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(rows(user.userId(), false)).isEqualTo(events));
        assertThat(rows(user.userId(), true)).as("distinct events").isEqualTo(events);

        Map<String, Double> persisted = persistedPerLogger();
        Map<String, Long> share = new LinkedHashMap<>();
        persisted.forEach((logger, total) -> share.put(logger, Math.round(total - persistedBefore.getOrDefault(logger, 0.0))));
        System.out.printf("Events persisted per event-logger instance: %s (of %,d)%n", share, events);
        assertThat(share).hasSize(3).allSatisfy((logger, count) -> assertThat(count).as(logger).isPositive());
    }

    @Test
    void aModelTrainedOnOneRiskReplicaShouldScoreOnTheOtherAndLiveRiskReachTheSecondIngestor() {
        StackClient client = new StackClient(stack.options());
        StackClient.Session user = signUp(client);
        List<BehavioralEvent> enrolment = new SyntheticMouse(SyntheticMouse.Profile.ALICE, 7,
                Instant.now().toEpochMilli() - 600_000).movements(60);
        try (StackClient.Ingest ingest = client.connect(user)) {
            ingest.stream(UUID.randomUUID(), enrolment, 50, Duration.ofSeconds(60));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(rows(user.userId(), false)).isEqualTo(enrolment.size()));

        List<Integer> risk = stack.portsOf("risk-engine-service");
        StackClient.Reply trained = client.train(user, "http://localhost:" + risk.get(0));
        assertThat(trained.status()).as("train: %s", trained.body()).isEqualTo(200);
        StackClient.Reply scored = client.score(user, new SyntheticMouse(SyntheticMouse.Profile.ALICE, 8,
                Instant.now().toEpochMilli()).movements(20), "http://localhost:" + risk.get(1));
        assertThat(scored.status()).as("score on the other replica: %s", scored.body()).isEqualTo(200);
        List<Integer> trainedVersions = new ArrayList<>();
        trained.body().path("models").forEach(model -> trainedVersions.add(model.path("version").asInt()));
        assertThat(trainedVersions).as("versions trained on the first replica").contains(
                scored.body().path("modelVersion").asInt());

        String secondIngestor = "ws://localhost:" + stack.portsOf("ingestor-service").get(1) + "/ws/ingest";
        try (StackClient.Ingest ingest = client.connect(user, secondIngestor)) {
            UUID session = UUID.randomUUID();
            ingest.stream(session, new SyntheticMouse(SyntheticMouse.Profile.ALICE, 9, Instant.now().toEpochMilli())
                    .movements(20), 50, Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ingest.risks())
                    .as("risk frames on the second ingestor").anySatisfy(frame ->
                            assertThat(frame.sessionId()).isEqualTo(session)));
        }
    }

    private static StackClient.Session signUp(StackClient client) {
        String email = "replicas-" + UUID.randomUUID() + "@example.com";
        client.register(email, "a long enough passphrase");
        return client.login(email, "a long enough passphrase");
    }

    private static long rows(UUID userId, boolean distinct) throws Exception {
        var postgres = stack.postgres();
        String count = distinct ? "count(distinct (session_id, batch_seq, idx))" : "count(*)";
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                Statement statement = db.createStatement();
                ResultSet result = statement.executeQuery("select " + count
                        + " from events.behavioral_events where user_id = '" + userId + "'")) {
            result.next();
            return result.getLong(1);
        }
    }

    /** {@code bb.events.persisted} of every event-logger instance, from its management port. */
    private static Map<String, Double> persistedPerLogger() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Pattern total = Pattern.compile("^bb_events_persisted(?:_events)?_total\\{[^}]*} ([0-9.eE+]+)$",
                Pattern.MULTILINE);
        Map<String, Double> persisted = new LinkedHashMap<>();
        for (String instance : List.of("event-logger-service", "event-logger-service-2", "event-logger-service-3")) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + stack.managementPort(instance) + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher matcher = total.matcher(body);
            double sum = 0;
            while (matcher.find()) {
                sum += Double.parseDouble(matcher.group(1));
            }
            persisted.put(instance, sum);
        }
        return persisted;
    }

    /** Counts acks and refusals of one socket. */
    private static final class Counting implements WebSocket.Listener {
        private final EventCodec codec;
        private final AtomicLong acks;
        private final AtomicLong refusals;
        private final StringBuilder partial = new StringBuilder();

        Counting(EventCodec codec, AtomicLong acks, AtomicLong refusals) {
            this.codec = codec;
            this.acks = acks;
            this.refusals = refusals;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                switch (codec.decodeServerFrame(partial.toString())) {
                    case ServerFrame.Ack ack -> acks.incrementAndGet();
                    case ServerFrame.Error error -> refusals.incrementAndGet();
                    case ServerFrame.Risk risk -> { }
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
