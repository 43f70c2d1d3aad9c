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
        return post(options.riskUrl() + "/model/train/" + session.userId(), session.accessToken(), Map.of());
    }

    public Reply score(Session session, List<BehavioralEvent> events) {
        String body = "{\"events\":" + codec.encodeEvents(events) + "}";
        return send(HttpRequest.newBuilder(URI.create(options.riskUrl() + "/model/score/" + session.userId()))
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
        Ingest ingest = new Ingest();
        http.newWebSocketBuilder()
                .subprotocols("bb.v1", "bearer." + session.accessToken())
                .header("Origin", "http://localhost:" + options.demoPort())
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(options.ingestUrl()), ingest)
                .thenAccept(ingest::opened)
                .orTimeout(15, TimeUnit.SECONDS)
                .join();
        return ingest;
    }

    /** One ingest connection: sends batches and collects acks, errors and risk frames. */
    public final class Ingest implements WebSocket.Listener, AutoCloseable {

        private final Map<Long, Instant> acked = new ConcurrentHashMap<>();
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
         * Sends {@code events} as numbered batches of {@code size}, at most eight unacknowledged
         * at a time as the SDK does, and waits for every ack.
         */
        public void stream(UUID sessionId, List<BehavioralEvent> events, int size, Duration timeout) {
            long seq = 0;
            int before = acked.size();
            for (int from = 0; from < events.size(); from += size) {
                awaitAcks(before + seq - 7, timeout);
                send(new EventBatch(sessionId, seq++, events.subList(from, Math.min(events.size(), from + size))));
            }
            awaitAcks(before + seq, timeout);
        }

        public void awaitAcks(long count, Duration timeout) {
            Instant deadline = Instant.now().plus(timeout);
            while (acked.size() < count) {
                if (!errors.isEmpty()) {
                    throw new IllegalStateException("ingestor refused a batch: " + errors.getFirst());
                }
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
