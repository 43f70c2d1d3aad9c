package io.behavioralbiometrics.risk;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic typing: bursts of words with a person's dwell and flight times, pauses between bursts. */
final class SyntheticTyping {

    private static final String TEXT = "the quick brown fox jumps over the lazy dog while the other animals watch";

    /**
     * @param dwellMs  key held down
     * @param flightMs keydown to next keydown
     * @param spread   relative variability of both
     */
    record Profile(double dwellMs, double flightMs, double spread) {
    }

    static final Profile STEADY = new Profile(95, 180, 0.15);

    private final Profile profile;
    private final Random random;
    private double t;
    private int position;

    SyntheticTyping(Profile profile, long seed, double startMillis) {
        this.profile = profile;
        this.random = new Random(seed);
        this.t = startMillis;
    }

    /** {@code bursts} bursts of 8 to 20 keys, each followed by a pause of over two seconds. */
    List<BehavioralEvent> bursts(int bursts) {
        List<BehavioralEvent> events = new ArrayList<>();
        for (int b = 0; b < bursts; b++) {
            int keys = 8 + random.nextInt(13);
            for (int k = 0; k < keys; k++) {
                char c = TEXT.charAt(position++ % TEXT.length());
                String code = c == ' ' ? "Space" : "Key" + Character.toUpperCase(c);
                double dwell = Math.max(20, profile.dwellMs() * (1 + profile.spread() * random.nextGaussian()));
                events.add(BehavioralEvent.key(EventType.KEYDOWN, t, code));
                events.add(BehavioralEvent.key(EventType.KEYUP, t + dwell, code));
                t += Math.max(30, profile.flightMs() * (1 + profile.spread() * random.nextGaussian()));
            }
            t += 2000 + random.nextDouble() * 2000;
        }
        events.sort((a, b) -> Double.compare(a.t(), b.t()));
        return events;
    }
}
