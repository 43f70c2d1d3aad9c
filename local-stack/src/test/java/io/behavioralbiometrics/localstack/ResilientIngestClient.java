package io.behavioralbiometrics.localstack;

import io.behavioralbiometrics.core.event.EventBatch;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.core.event.ServerFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client with the SDK's delivery rules, for fault tests: every batch is kept until it
 * is acknowledged; after any close or refusal it is sent again (same session and seq), on
 * a new connection when needed, with a short backoff.
 */
final class ResilientIngestClient {

    record Report(int batches, long framesSent, long resends, long errorFrames, long reconnects) {
    }

    private final StackOptions options;
    private final String token;
    private final EventCodec codec = new EventCodec();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Set<Long> acked = ConcurrentHashMap.newKeySet();
    private final Map<Long, Instant> retryAt = new ConcurrentHashMap<>();
    private final AtomicLong errorFrames = new AtomicLong();
    private volatile Connection connection;

    ResilientIngestClient(StackOptions options, String token) {
        this.options = options;
        this.token = token;
    }

    private final class Connection implements WebSocket.Listener {
        final Map<Long, Instant> inFlight = new ConcurrentHashMap<>();
        final StringBuilder partial = new StringBuilder();
        volatile WebSocket socket;
        volatile boolean closed;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                ServerFrame frame = codec.decodeServerFrame(partial.toString());
                partial.setLength(0);
                if (frame instanceof ServerFrame.Ack ack) {
                    acked.add(ack.seq());
                    inFlight.remove(ack.seq());
                } else if (frame instanceof ServerFrame.Error error && error.seq() != null) {
                    errorFrames.incrementAndGet();
                    retryAt.put(error.seq(), Instant.now().plusMillis(250));
                    inFlight.remove(error.seq());
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed = true;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed = true;
        }
    }

    /** Cuts the current connection without a closing handshake, as a network failure would. */
    void cut() {
        Connection current = connection;
        if (current != null && current.socket != null) {
            current.socket.abort();
            current.closed = true;
        }
    }

    /**
     * Delivers every batch; {@code fault} runs once (on its own thread) when
     * {@code faultAfterAcks} batches are acknowledged.
     */
    Report deliver(List<EventBatch> batches, int window, Duration timeout, int faultAfterAcks, Runnable fault) {
        Instant deadline = Instant.now().plus(timeout);
        Map<Long, Integer> sends = new ConcurrentHashMap<>();
        long framesSent = 0;
        long reconnects = -1;
        boolean faulted = false;
        Duration backoff = Duration.ofMillis(100);
        while (acked.size() < batches.size()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("only " + acked.size() + " of " + batches.size() + " batches acked");
            }
            if (!faulted && acked.size() >= faultAfterAcks) {
                faulted = true;
                Thread.ofVirtual().start(fault);
            }
            Connection current = connection;
            if (current == null || current.closed) {
                try {
                    Connection fresh = new Connection();
                    fresh.socket = http.newWebSocketBuilder()
                            .subprotocols("bb.v1", "bearer." + token)
                            .header("Origin", "http://localhost:" + options.demoPort())
                            .connectTimeout(Duration.ofSeconds(5))
                            .buildAsync(URI.create(options.ingestUrl()), fresh).get(10, TimeUnit.SECONDS);
                    connection = fresh;
                    reconnects++;
                    backoff = Duration.ofMillis(100);
                } catch (Exception e) {
                    StackClient.pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2)
                            : backoff.multipliedBy(2);
                }
                continue;
            }
            Instant now = Instant.now();
            // A batch unanswered for long is treated as lost on this connection and sent again.
            current.inFlight.values().removeIf(sent -> sent.isBefore(now.minusSeconds(15)));
            for (EventBatch batch : batches) {
                if (current.inFlight.size() >= window) {
                    break;
                }
                long seq = batch.seq();
                Instant retry = retryAt.get(seq);
                if (acked.contains(seq) || current.inFlight.containsKey(seq) || (retry != null && retry.isAfter(now))) {
                    continue;
                }
                current.inFlight.put(seq, Instant.now());
                try {
                    current.socket.sendText(codec.encodeBatch(batch), true).get(10, TimeUnit.SECONDS);
                    framesSent++;
                    sends.merge(seq, 1, Integer::sum);
                } catch (Exception e) {
                    current.closed = true;
                    break;
                }
            }
            StackClient.pause(Duration.ofMillis(2));
        }
        Connection last = connection;
        if (last != null && last.socket != null && !last.closed) {
            last.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        long resends = sends.values().stream().mapToLong(count -> count - 1).sum();
        return new Report(batches.size(), framesSent, resends, errorFrames.get(), Math.max(0, reconnects));
    }
}
