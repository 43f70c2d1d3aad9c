package io.behavioralbiometrics.localstack;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Generates plausible mouse behaviour for a synthetic person: aimed movements between
 * targets along a bowed path with a minimum-jerk speed profile (the classic model of
 * human reaching), sampled like a browser does, ending in a click. People differ in
 * speed, bow, tremor, pauses and click hold time, which is what the risk engine learns.
 */
public final class SyntheticMouse {

    /** How one person moves. */
    public record Profile(String name, double msPerLog2Distance, double bow, double tremorPx, double pauseMs,
            double clickHoldMs) {

        /** Quick, straight, steady mover. */
        public static final Profile ALICE = new Profile("alice", 95, 0.06, 0.6, 350, 85);
        /** Slower, curvier, shakier mover with long clicks. */
        public static final Profile BOB = new Profile("bob", 190, 0.28, 2.5, 900, 190);
    }

    private final Profile profile;
    private final RandomGenerator random;
    private double t;
    private double x = 400;
    private double y = 300;

    public SyntheticMouse(Profile profile, long seed, double startEpochMillis) {
        this.profile = profile;
        this.random = new java.util.SplittableRandom(seed);
        this.t = startEpochMillis;
    }

    /** Events of {@code movements} aimed movements, each ending in a click. */
    public List<BehavioralEvent> movements(int movements) {
        List<BehavioralEvent> events = new ArrayList<>();
        for (int i = 0; i < movements; i++) {
            double targetX = 40 + random.nextDouble() * 1200;
            double targetY = 40 + random.nextDouble() * 700;
            move(targetX, targetY, events);
            click(events);
            t += profile.pauseMs() * (0.6 + 0.8 * random.nextDouble());
        }
        return events;
    }

    private void move(double targetX, double targetY, List<BehavioralEvent> events) {
        double dx = targetX - x;
        double dy = targetY - y;
        double distance = Math.hypot(dx, dy);
        double durationMs = 120 + profile.msPerLog2Distance() * (Math.log(1 + distance / 20) / Math.log(2))
                * (0.85 + 0.3 * random.nextDouble());
        // Control point of a quadratic Bézier, pushed sideways by the person's bow.
        double side = random.nextBoolean() ? 1 : -1;
        double controlX = x + dx / 2 - side * dy * profile.bow();
        double controlY = y + dy / 2 + side * dx * profile.bow();
        double startX = x;
        double startY = y;
        double elapsed = 0;
        while (elapsed < durationMs) {
            elapsed += 16 + random.nextDouble() * 1.5 - 0.75;
            double tau = Math.min(1, elapsed / durationMs);
            double s = 10 * Math.pow(tau, 3) - 15 * Math.pow(tau, 4) + 6 * Math.pow(tau, 5);
            double px = (1 - s) * (1 - s) * startX + 2 * (1 - s) * s * controlX + s * s * targetX;
            double py = (1 - s) * (1 - s) * startY + 2 * (1 - s) * s * controlY + s * s * targetY;
            x = px + random.nextGaussian() * profile.tremorPx();
            y = py + random.nextGaussian() * profile.tremorPx();
            events.add(BehavioralEvent.mouseMove(round(t + elapsed), round(x), round(y)));
        }
        t += elapsed;
    }

    private void click(List<BehavioralEvent> events) {
        t += 40 + random.nextDouble() * 60;
        double hold = profile.clickHoldMs() * (0.8 + 0.4 * random.nextDouble());
        events.add(BehavioralEvent.button(EventType.MOUSEDOWN, round(t), round(x), round(y), 0));
        t += hold;
        events.add(BehavioralEvent.button(EventType.MOUSEUP, round(t), round(x), round(y), 0));
        events.add(BehavioralEvent.button(EventType.CLICK, round(t + 0.5), round(x), round(y), 0));
        t += 1;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
