package io.behavioralbiometrics.localstack;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventBatch;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.core.event.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real client of the running system, as a web app would use it: identity REST, the
 * ingest WebSocket (token in the {@code bearer.} subprotocol) and the risk REST API.
 */
public final class StackClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Refusals the SDK retries: the batch is fine, the moment was not. */
    private static final java.util.Set<String> RETRYABLE = java.util.Set.of("rate_limited", "too_many_in_flight",
            "unavailable", "internal_error");

    private final StackOptions options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final EventCodec codec = new EventCodec();

    public StackClient(StackOptions options) {
        this.options = options;
    }

    /** The tokens and identity of a logged-in user. */
    public record Session(UUID userId, String email, String accessToken, String refreshToken) {
    }

    /** An HTTP answer: status and parsed JSON body. */
    public record Reply(int status, JsonNode body) {
    }

    public Session register(String email, String password) {
        return session(post(options.identityUrl() + "/api/auth/register", null,
                Map.of("email", email, "password", password)), email);
    }

    public Session login(String email, String password) {
        return session(post(options.identityUrl() + "/api/auth/login", null,
                Map.of("email", email, "password", password)), email);
    }

    private static Session session(Reply reply, String email) {
        if (reply.status() / 100 != 2) {
            throw new IllegalStateException("identity answered " + reply.status() + ": " + reply.body());
        }
        return new Session(UUID.fromString(reply.body().path("userId").asString()), email,
                reply.body().path("accessToken").asString(), reply.body().path("refreshToken").asString());
    }

    public Reply train(Session session) {
        return train(session, options.riskUrl());
    }

    /** Trains through the risk engine at {@code riskUrl} (one replica of several). */
    public Reply train(Session session, String riskUrl) {
        return post(riskUrl + "/model/train/" + session.userId(), session.accessToken(), Map.of());
    }

    public Reply score(Session session, List<BehavioralEvent> events) {
        return score(session, events, options.riskUrl());
    }

    /** Scores through the risk engine at {@code riskUrl} (one replica of several). */
    public Reply score(Session session, List<BehavioralEvent> events, String riskUrl) {
        String body = "{\"events\":" + codec.encodeEvents(events) + "}";
        return send(HttpRequest.newBuilder(URI.create(riskUrl + "/model/score/" + session.userId()))
                .header("Authorization", "Bearer " + session.accessToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply post(String url, String bearer, Map<String, ?> body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofMinutes(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Reply(response.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens the ingest WebSocket for {@code session}. */
    public Ingest connect(Session session) {
        return connect(session, options.ingestUrl());
    }

    /** Opens the ingest WebSocket for {@code session} at {@code ingestUrl} (one ingestor of several). */
    public Ingest connect(Session session, String ingestUrl) {
        Ingest ingest = new Ingest();
        http.newWebSocketBuilder()
                .subprotocols("bb.v1", "bearer." + session.accessToken())
                .header("Origin", "http://localhost:" + options.demoPort())
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(ingestUrl), ingest)
                .thenAccept(ingest::opened)
                .orTimeout(15, TimeUnit.SECONDS)
                .join();
        return ingest;
    }

    /** One ingest connection: sends batches and collects acks, errors and risk frames. */
    public final class Ingest implements WebSocket.Listener, AutoCloseable {

        private final Map<Long, Instant> acked = new ConcurrentHashMap<>();
        private long nextSeq;
        private final List<ServerFrame.Error> errors = new CopyOnWriteArrayList<>();
        private final List<ServerFrame.Risk> risks = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private volatile WebSocket socket;

        void opened(WebSocket webSocket) {
            this.socket = webSocket;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                ServerFrame frame = codec.decodeServerFrame(partial.toString());
                partial.setLength(0);
                switch (frame) {
                    case ServerFrame.Ack ack -> acked.put(ack.seq(), Instant.now());
                    case ServerFrame.Error error -> errors.add(error);
                    case ServerFrame.Risk risk -> risks.add(risk);
                }
            }
            webSocket.request(1);
            return null;
        }

        public void send(EventBatch batch) {
            socket.sendText(codec.encodeBatch(batch), true).orTimeout(10, TimeUnit.SECONDS).join();
        }

        /**
         * Sends {@code events} as numbered batches of {@code size} with the SDK's rules: at
         * most eight unacknowledged at a time, and a refused batch ({@code rate_limited},
         * {@code too_many_in_flight}, {@code unavailable}) sent again after a pause.
         */
        public void stream(UUID sessionId, List<BehavioralEvent> events, int size, Duration timeout) {
            Map<Long, EventBatch> pending = new java.util.LinkedHashMap<>();
            // Acks name only the seq, so numbers go on across the sessions streamed on one socket.
            long seq = nextSeq;
            for (int from = 0; from < events.size(); from += size) {
                pending.put(seq, new EventBatch(sessionId, seq, events.subList(from, Math.min(events.size(), from + size))));
                seq++;
            }
            nextSeq = seq;
            Instant deadline = Instant.now().plus(timeout);
            java.util.Set<Long> inFlight = new java.util.HashSet<>();
            int handledErrors = errors.size();
            while (!pending.keySet().stream().allMatch(acked::containsKey)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("not every batch was acked within " + timeout);
                }
                inFlight.removeIf(acked::containsKey);
                while (handledErrors < errors.size()) {
                    ServerFrame.Error error = errors.get(handledErrors++);
                    if (!RETRYABLE.contains(error.code())) {
                        throw new IllegalStateException("ingestor refused a batch: " + error);
                    }
                    inFlight.remove(error.seq());
                    pause(Duration.ofMillis(250));
                }
                for (EventBatch batch : pending.values()) {
                    if (inFlight.size() >= 8) {
                        break;
                    }
                    if (!acked.containsKey(batch.seq()) && inFlight.add(batch.seq())) {
                        send(batch);
                    }
                }
                pause(Duration.ofMillis(5));
            }
        }

        public void awaitAcks(long count, Duration timeout) {
            Instant deadline = Instant.now().plus(timeout);
            while (acked.size() < count) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("only " + acked.size() + " of " + count + " batches acked");
                }
                pause(Duration.ofMillis(20));
            }
        }

        public int ackCount() {
            return acked.size();
        }

        public List<ServerFrame.Error> errors() {
            return errors;
        }

        public List<ServerFrame.Risk> risks() {
            return risks;
        }

        @Override
        public void close() {
            if (socket != null) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS)
                        .exceptionally(e -> null).join();
            }
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
