package io.behavioralbiometrics.ingestor.ingest.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTests {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstShouldPassAndTheNextBatchShouldWaitForRefill() {
        TokenBucket bucket = new TokenBucket(500, 200, 0);

        assertThat(bucket.tryAcquire(500, 0)).isTrue();
        assertThat(bucket.tryAcquire(100, SECOND / 4)).isFalse();
        assertThat(bucket.tryAcquire(100, SECOND / 2)).isTrue();
    }

    @Test
    void refillShouldStopAtCapacity() {
        TokenBucket bucket = new TokenBucket(500, 200, 0);

        assertThat(bucket.tryAcquire(500, 60 * SECOND)).isTrue();
        assertThat(bucket.tryAcquire(1, 60 * SECOND)).isFalse();
    }

    @Test
    void refusedBatchShouldTakeNoTokensAndRefundShouldGiveThemBack() {
        TokenBucket bucket = new TokenBucket(500, 200, 0);
        assertThat(bucket.tryAcquire(400, 0)).isTrue();

        assertThat(bucket.tryAcquire(200, 0)).isFalse();
        assertThat(bucket.tryAcquire(100, 0)).isTrue();
        bucket.refund(300);
        assertThat(bucket.tryAcquire(300, 0)).isTrue();
    }
}
