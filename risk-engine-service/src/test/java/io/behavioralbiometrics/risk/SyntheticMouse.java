package io.behavioralbiometrics.risk;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic synthetic mouse behaviour for tests: point-to-point movements along curved
 * paths with a minimum-jerk (bell-shaped) speed profile, sensor jitter, browser-like
 * sampling, clicks with a dwell time and pauses between actions. A {@link Profile} is one
 * person's habits; two clearly different profiles stand for a genuine user and an impostor.
 *
 * @see <a href="https://doi.org/10.1523/JNEUROSCI.05-07-01688.1985">Flash &amp; Hogan 1985, minimum-jerk movements</a>
 */
final class SyntheticMouse {

    /**
     * @param speed      mean travel speed in px/s
     * @param curvature  sideways bow of a path relative to its length
     * @param jitter     hand and sensor noise in px
     * @param sampleMs   interval between mousemove samples
     * @param dwellMs    button held during a click
     * @param pauseMs    mean pause between actions (beyond the second that ends an action)
     * @param clickShare share of movements that end in a click
     */
    record Profile(double speed, double curvature, double jitter, double sampleMs, double dwellMs, double pauseMs,
            double clickShare) {
    }

    /** Unhurried and curved. */
    static final Profile CALM = new Profile(450, 0.22, 1.2, 16.7, 105, 800, 0.7);
    /** Fast, straight and shaky, with long clicks. */
    static final Profile HASTY = new Profile(1700, 0.03, 3.5, 8.3, 210, 300, 0.6);

    private static final double WIDTH = 1920;
    private static final double HEIGHT = 1080;

    private final Profile profile;
    private final Random random;
    private double t;
    private double x;
    private double y;

    SyntheticMouse(Profile profile, long seed, double startMillis) {
        this.profile = profile;
        this.random = new Random(seed);
        this.t = startMillis;
        this.x = WIDTH / 2;
        this.y = HEIGHT / 2;
    }

    /** The events of {@code actions} further actions (movement, optional click, pause). */
    List<BehavioralEvent> actions(int actions) {
        List<BehavioralEvent> events = new ArrayList<>();
        for (int i = 0; i < actions; i++) {
            action(events);
        }
        return events;
    }

    private void action(List<BehavioralEvent> events) {
        double tx = 40 + random.nextDouble() * (WIDTH - 80);
        double ty = 40 + random.nextDouble() * (HEIGHT - 80);
        double dx = tx - x;
        double dy = ty - y;
        double distance = Math.hypot(dx, dy);
        double durationMs = 150 + distance / (profile.speed() * (0.8 + 0.4 * random.nextDouble())) * 1000;
        // Control point of a quadratic Bézier, pushed sideways: the bow of a real hand path.
        double bow = profile.curvature() * distance * (random.nextBoolean() ? 1 : -1) * (0.6 + 0.8 * random.nextDouble());
        double cx = (x + tx) / 2 - dy / Math.max(distance, 1) * bow;
        double cy = (y + ty) / 2 + dx / Math.max(distance, 1) * bow;
        double sx = x;
        double sy = y;
        double elapsed = 0;
        while (elapsed < durationMs) {
            elapsed += profile.sampleMs() * (0.85 + 0.3 * random.nextDouble());
            double tau = Math.min(1, elapsed / durationMs);
            double s = tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
            double px = (1 - s) * (1 - s) * sx + 2 * (1 - s) * s * cx + s * s * tx;
            double py = (1 - s) * (1 - s) * sy + 2 * (1 - s) * s * cy + s * s * ty;
            x = clamp(px + random.nextGaussian() * profile.jitter(), WIDTH);
            y = clamp(py + random.nextGaussian() * profile.jitter(), HEIGHT);
            events.add(BehavioralEvent.mouseMove(t + elapsed, Math.round(x), Math.round(y)));
        }
        t += elapsed;
        if (random.nextDouble() < profile.clickShare()) {
            t += 40 + random.nextDouble() * 60;
            double dwell = Math.max(20, profile.dwellMs() * (1 + 0.2 * random.nextGaussian()));
            events.add(BehavioralEvent.button(EventType.MOUSEDOWN, t, Math.round(x), Math.round(y), 0));
            t += dwell;
            events.add(BehavioralEvent.button(EventType.MOUSEUP, t, Math.round(x), Math.round(y), 0));
            events.add(BehavioralEvent.button(EventType.CLICK, t + 1, Math.round(x), Math.round(y), 0));
        }
        // Over a second of stillness ends the action for the segmentation.
        t += 1100 + profile.pauseMs() * -Math.log(1 - random.nextDouble());
    }

    private static double clamp(double value, double max) {
        return Math.max(0, Math.min(max - 1, value));
    }
}
