package io.behavioralbiometrics.risk.training;

import io.behavioralbiometrics.risk.RiskProperties;
import io.behavioralbiometrics.risk.registry.ModelRegistry;
import io.behavioralbiometrics.risk.registry.ModelRegistry.StaleUser;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Retrains the models that learnt against a user who has since been erased, within
 * {@code bb.risk.background.retrain-within}: every {@code check-every} a replica claims a few
 * such users (a lease in PostgreSQL, so replicas share the work and a crashed replica's
 * claim expires), retrains them against the pool as it is now, and drops the stale versions.
 * A user who cannot be retrained (too few events now, or an error) past the deadline has the
 * stale models rewritten without their background forest, so nothing learnt from the erased
 * user remains either way.
 */
@Component
class BackgroundRetraining implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BackgroundRetraining.class);
    private static final int CLAIM = 10;

    private final ModelRegistry registry;
    private final TrainingService training;
    private final RiskProperties.Background settings;
    private final Clock clock = Clock.systemUTC();
    private volatile ScheduledExecutorService timer;

    BackgroundRetraining(ModelRegistry registry, TrainingService training, RiskProperties properties) {
        this.registry = registry;
        this.training = training;
        this.settings = properties.background();
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("risk-background-retrain").factory());
        long every = settings.checkEvery().toMillis();
        executor.scheduleWithFixedDelay(this::runOnce, every, every, TimeUnit.MILLISECONDS);
        timer = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = timer;
        if (executor != null) {
            executor.shutdownNow();
        }
        timer = null;
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    /** One pass: claim, retrain or strip. Package-private for tests. */
    int runOnce() {
        int handled = 0;
        try {
            // Long enough for the claimed users' trainings; a failed one is released at once.
            List<StaleUser> claimed = registry.claimStale(CLAIM, Duration.ofMinutes(10));
            for (StaleUser user : claimed) {
                handle(user);
                handled++;
            }
        } catch (RuntimeException e) {
            log.warn("Background retraining pass failed: {}", e.toString());
        }
        return handled;
    }

    private void handle(StaleUser user) {
        try {
            training.train(user.userId());
            int dropped = registry.dropStale(user.userId());
            int stripped = registry.stripStale(user.userId());
            log.info("Retrained user {} after a background user's erasure; {} stale model versions dropped, "
                    + "{} not retrained now answer without their background", user.userId(), dropped, stripped);
        } catch (RuntimeException e) {
            boolean late = Duration.between(user.staleSince(), clock.instant()).compareTo(settings.retrainWithin()) >= 0;
            String why = e instanceof NotEnoughEventsException n && n.getBody().getDetail() != null
                    ? n.getBody().getDetail() : e.toString();
            if (late || e instanceof NotEnoughEventsException) {
                int stripped = registry.stripStale(user.userId());
                log.info("User {} could not be retrained after a background user's erasure ({}); {} models now "
                        + "answer without their background", user.userId(), why, stripped);
            } else {
                registry.releaseStale(user.userId());
                log.warn("Retraining user {} after a background user's erasure failed, will retry: {}",
                        user.userId(), why);
            }
        }
    }
}
