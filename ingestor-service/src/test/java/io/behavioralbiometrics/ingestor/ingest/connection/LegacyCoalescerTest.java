package io.behavioralbiometrics.ingestor.ingest.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.behavioralbiometrics.core.bus.IngestedBatch;
import io.behavioralbiometrics.core.event.BehavioralEvent;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LegacyCoalescerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static BehavioralEvent event(int x) {
        return BehavioralEvent.mouseMove(1_000 + x, x, 0);
    }

    @Test
    void anIdleConnectionWritesItsEventAtOnceAndTheEventsArrivingMeanwhileGoOutTogether() {
        UUID user = UUID.randomUUID();
        LegacyCoalescer coalescer = new LegacyCoalescer(user, 3, 10);

        LegacyCoalescer.Offer first = coalescer.offer(event(0), T0);
        assertThat(first).isInstanceOfSatisfying(LegacyCoalescer.Offer.WriteNow.class, now -> {
            assertThat(now.batch().userId()).isEqualTo(user);
            assertThat(now.batch().sessionId()).isEqualTo(coalescer.sessionId());
            assertThat(now.batch().seq()).isZero();
            assertThat(now.batch().receivedAt()).isEqualTo(T0);
            assertThat(now.batch().events()).containsExactly(event(0));
        });
        for (int x = 1; x <= 4; x++) {
            assertThat(coalescer.offer(event(x), T0.plusSeconds(x))).isInstanceOf(LegacyCoalescer.Offer.Queued.class);
        }

        IngestedBatch second = coalescer.next();
        assertThat(second.seq()).isEqualTo(1);
        assertThat(second.events()).containsExactly(event(1), event(2), event(3));
        assertThat(second.receivedAt()).isEqualTo(T0.plusSeconds(1));
        IngestedBatch third = coalescer.next();
        assertThat(third.seq()).isEqualTo(2);
        assertThat(third.events()).containsExactly(event(4));
        assertThat(third.sessionId()).isEqualTo(coalescer.sessionId());
        assertThat(coalescer.next()).isNull();

        // Idle again: the next event is written at once, under the next seq.
        assertThat(coalescer.offer(event(5), T0)).isInstanceOfSatisfying(LegacyCoalescer.Offer.WriteNow.class,
                now -> assertThat(now.batch().seq()).isEqualTo(3));
    }

    @Test
    void eventsBeyondTheBoundAreRefusedWhileAWriteLagsAndAcceptedOnceItCatchesUp() {
        LegacyCoalescer coalescer = new LegacyCoalescer(UUID.randomUUID(), 2, 2);
        coalescer.offer(event(0), T0);
        coalescer.offer(event(1), T0);
        coalescer.offer(event(2), T0);

        assertThat(coalescer.offer(event(3), T0)).isInstanceOf(LegacyCoalescer.Offer.Full.class);
        assertThat(coalescer.next().events()).containsExactly(event(1), event(2));
        assertThat(coalescer.offer(event(3), T0)).isInstanceOf(LegacyCoalescer.Offer.Queued.class);
    }
}
