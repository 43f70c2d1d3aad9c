package io.behavioralbiometrics.localstack.benchmark;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventBatch;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.core.event.ServerFrame;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark WebSocket that delivers batches as the SDK does: at most {@code inFlight}
 * unacknowledged, each kept until its ack, one refused "not now" sent again shortly.
 * Subclasses decide when to send and what to record of an acknowledgement.
 */
abstract class BenchSocket implements WebSocket.Listener {

    /** Error codes that say "not now" rather than "never": the batch is sent again. */
    private static final Set<String> RETRYABLE = Set.of("rate_limited", "too_many_in_flight", "unavailable",
            "internal_error");

    private final UUID sessionId;
    private final EventCodec codec;
    private final List<BehavioralEvent> sample;
    private final int eventsPerBatch;
    private final Semaphore window;
    private final Map<Long, Long> sentNanos = new ConcurrentHashMap<>();
    private final Map<Long, String> frames = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    volatile WebSocket socket;

    BenchSocket(UUID sessionId, EventCodec codec, List<BehavioralEvent> sample, int eventsPerBatch, int inFlight) {
        this.sessionId = sessionId;
        this.codec = codec;
        this.sample = sample;
        this.eventsPerBatch = eventsPerBatch;
        this.window = new Semaphore(inFlight);
    }

    UUID sessionId() {
        return sessionId;
    }

    /** Waits for room in the window, then sends batch {@code seq} (events taken round the sample). */
    final void send(long seq) throws Exception {
        window.acquire();
        int from = (int) ((seq * eventsPerBatch) % Math.max(1, sample.size() - eventsPerBatch));
        String frame = codec.encodeBatch(new EventBatch(sessionId, seq, sample.subList(from, from + eventsPerBatch)));
        frames.put(seq, frame);
        sending(seq);
        sentNanos.put(seq, System.nanoTime());
        synchronized (this) {
            socket.sendText(frame, true).get(60, TimeUnit.SECONDS);
        }
    }

    /** Batch {@code seq} is about to leave for the first time. */
    void sending(long seq) {
    }

    /** Batch {@code seq}, first sent {@code latencyNanos} ago, is acknowledged. */
    abstract void acked(long seq, long latencyNanos);

    /** The server refused a batch for now; it is sent again. */
    abstract void refused();

    /** The server rejected something for good. */
    abstract void failed(ServerFrame.Error error);

    @Override
    public final CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            ServerFrame frame = codec.decodeServerFrame(partial.toString());
            partial.setLength(0);
            if (frame instanceof ServerFrame.Ack ack) {
                frames.remove(ack.seq());
                Long sent = sentNanos.remove(ack.seq());
                window.release();
                if (sent != null) {
                    acked(ack.seq(), System.nanoTime() - sent);
                }
            } else if (frame instanceof ServerFrame.Error error && error.seq() != null
                    && RETRYABLE.contains(error.code())) {
                // As the SDK does: the batch is fine, the moment was not; send it again shortly.
                refused();
                String again = frames.get(error.seq());
                if (again != null) {
                    CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(() -> {
                        synchronized (this) {
                            socket.sendText(again, true).join();
                        }
                    });
                }
            } else if (frame instanceof ServerFrame.Error error) {
                failed(error);
            }
        }
        webSocket.request(1);
        return null;
    }
}
