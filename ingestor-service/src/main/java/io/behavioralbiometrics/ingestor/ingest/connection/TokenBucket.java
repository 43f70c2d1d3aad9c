package io.behavioralbiometrics.ingestor.ingest.connection;

/**
 * Events-per-second limit of one connection: {@code capacity} tokens, refilled at
 * {@code perSecond}. A batch takes as many tokens as it has events, or none at all.
 */
final class TokenBucket {

    private final long capacity;
    private final double perNano;
    private double tokens;
    private long refilledAt;

    TokenBucket(long capacity, long perSecond, long nowNanos) {
        this.capacity = capacity;
        this.perNano = perSecond / 1_000_000_000d;
        this.tokens = capacity;
        this.refilledAt = nowNanos;
    }

    synchronized boolean tryAcquire(int count, long nowNanos) {
        refill(nowNanos);
        if (tokens < count) {
            return false;
        }
        tokens -= count;
        return true;
    }

    /** Gives back the tokens of a batch that was not stored, so its re-send is not punished. */
    synchronized void refund(int count) {
        tokens = Math.min(capacity, tokens + count);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            refilledAt = nowNanos;
        }
    }
}
