package io.behavioralbiometrics.core.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;

/**
 * Liveness of a replica's {@code bb:events} consumers, the same in every service that
 * reads that stream: DOWN when one died or has not finished a read, a chunk or a retry pause for longer
 * than the stall timeout. A stuck consumer does no work while its dependencies are all
 * up, which readiness cannot see; restarting the process is the remedy, and the group's
 * other members claim its pending entries meanwhile.
 */
public final class ConsumerLiveness {

    private ConsumerLiveness() {
    }

    /**
     * One consumer as liveness sees it.
     *
     * @param name          its name in the consumer group
     * @param alive         its thread runs and was not asked to stop
     * @param sinceProgress how long ago its loop last finished a read, a chunk or a retry pause
     */
    public record State(String name, boolean alive, Duration sinceProgress) {
    }

    /** UP when every consumer is alive and made progress within {@code stallTimeout}; each one's state as detail. */
    public static Health health(List<State> consumers, Duration stallTimeout) {
        Health.Builder health = Health.up();
        boolean live = true;
        for (State consumer : consumers) {
            String state = !consumer.alive() ? "stopped"
                    : consumer.sinceProgress().compareTo(stallTimeout) > 0 ? "stalled" : "running";
            live &= "running".equals(state);
            health.withDetail(consumer.name(),
                    Map.of("state", state, "sinceProgressSeconds", consumer.sinceProgress().toSeconds()));
        }
        return (live ? health : health.down()).build();
    }
}
