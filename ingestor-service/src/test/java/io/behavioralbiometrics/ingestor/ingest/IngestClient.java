package io.behavioralbiometrics.ingestor.ingest;

import static org.awaitility.Awaitility.await;

import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.core.event.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * A real WebSocket client of the ingest protocol for tests: connects with a token (query
 * or {@code bearer.} subprotocol), sends frames, and keeps every server frame and the
 * close status so tests can wait for the one they expect.
 */
public final class IngestClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final EventCodec CODEC = new EventCodec();
    private static final StandardWebSocketClient CLIENT = client();

    private final WebSocketSession session;
    private final Collector collector;

    private IngestClient(WebSocketSession session, Collector collector) {
        this.session = session;
        this.collector = collector;
    }

    private static StandardWebSocketClient client() {
        StandardWebSocketClient client = new StandardWebSocketClient();
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("ingest-client-");
        // Connecting hundreds of sockets must not cost a platform thread each on the client side either.
        executor.setVirtualThreads(true);
        client.setTaskExecutor(executor);
        return client;
    }

    static URI uri(int port) {
        return URI.create("ws://localhost:" + port + "/ws/ingest");
    }

    public static URI uri(int port, String token) {
        return URI.create("ws://localhost:" + port + "/ws/ingest?token=" + token);
    }

    /** Connects with the original's {@code ?token=}. */
    public static IngestClient connect(int port, String token) {
        return connect(uri(port, token), new WebSocketHttpHeaders());
    }

    /** Connects with the token as a {@code bearer.<jwt>} subprotocol beside {@code bb.v1}. */
    public static IngestClient connectWithSubprotocol(int port, String token) {
        WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
        headers.setSecWebSocketProtocol(List.of("bb.v1", "bearer." + token));
        return connect(uri(port), headers);
    }

    static IngestClient connect(URI uri, WebSocketHttpHeaders headers) {
        Collector collector = new Collector();
        try {
            WebSocketSession session = CLIENT.execute(collector, headers, uri).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new IngestClient(session, collector);
        } catch (ExecutionException e) {
            throw new IllegalStateException("handshake failed: " + messages(e), e);
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("handshake did not complete", e);
        }
    }

    /** The failure of a handshake that is expected to fail, as the chain of messages (they hold the HTTP status). */
    public static String handshakeFailure(URI uri, WebSocketHttpHeaders headers) {
        Collector collector = new Collector();
        CompletableFuture<WebSocketSession> future = CLIENT.execute(collector, headers, uri);
        try {
            WebSocketSession session = future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            session.close();
            throw new AssertionError("handshake succeeded but was expected to fail");
        } catch (ExecutionException e) {
            return messages(e);
        } catch (InterruptedException | TimeoutException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String messages(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
        }
        return text.toString();
    }

    WebSocketSession session() {
        return session;
    }

    @Nullable String acceptedProtocol() {
        return session.getAcceptedProtocol();
    }

    void send(String text) {
        try {
            session.sendMessage(new TextMessage(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void sendBinary(byte[] bytes) {
        try {
            session.sendMessage(new BinaryMessage(ByteBuffer.wrap(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a frame and waits for the server's one answer for {@code seq} (an ack or an error). */
    public ServerFrame request(String text, long seq) {
        int before = collector.frames.size();
        send(text);
        return awaitFrame(ServerFrame.class, frame -> seqOf(frame) == seq, before);
    }

    ServerFrame.Ack awaitAck(long seq) {
        return awaitFrame(ServerFrame.Ack.class, ack -> ack.seq() == seq, 0);
    }

    ServerFrame.Error awaitError(Predicate<ServerFrame.Error> matching) {
        return awaitFrame(ServerFrame.Error.class, matching, 0);
    }

    ServerFrame.Risk awaitRisk(Predicate<ServerFrame.Risk> matching) {
        return awaitFrame(ServerFrame.Risk.class, matching, 0);
    }

    <T extends ServerFrame> T awaitFrame(Class<T> type, Predicate<T> matching, int fromIndex) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> find(type, matching, fromIndex), Optional::isPresent).orElseThrow();
    }

    private <T extends ServerFrame> Optional<T> find(Class<T> type, Predicate<T> matching, int fromIndex) {
        List<ServerFrame> frames = frames();
        for (int i = fromIndex; i < frames.size(); i++) {
            if (type.isInstance(frames.get(i)) && matching.test(type.cast(frames.get(i)))) {
                return Optional.of(type.cast(frames.get(i)));
            }
        }
        return Optional.empty();
    }

    /** Every frame received so far, in order. */
    List<ServerFrame> frames() {
        return new ArrayList<>(collector.frames);
    }

    <T extends ServerFrame> List<T> frames(Class<T> type) {
        return frames().stream().filter(type::isInstance).map(type::cast).toList();
    }

    public CloseStatus awaitClose() {
        try {
            return collector.closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("socket was not closed by the server within " + TIMEOUT, e);
        }
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    static long seqOf(ServerFrame frame) {
        return switch (frame) {
            case ServerFrame.Ack ack -> ack.seq();
            case ServerFrame.Error error -> error.seq() == null ? -1 : error.seq();
            case ServerFrame.Risk risk -> -1;
        };
    }

    @Override
    public void close() {
        try {
            if (session.isOpen()) {
                session.close();
            }
        } catch (IOException e) {
            // Closing a socket the server already dropped.
        }
    }

    private static final class Collector extends TextWebSocketHandler {

        final List<ServerFrame> frames = new CopyOnWriteArrayList<>();
        final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();

        @Override
        protected void handleTextMessage(WebSocketSession session, TextMessage message) {
            frames.add(CODEC.decodeServerFrame(message.getPayload()));
        }

        @Override
        public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
            closed.complete(status);
        }
    }
}
