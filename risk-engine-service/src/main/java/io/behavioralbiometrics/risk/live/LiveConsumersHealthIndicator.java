package io.behavioralbiometrics.risk.live;

import io.behavioralbiometrics.core.stream.ConsumerLiveness;
import io.behavioralbiometrics.risk.RiskProperties;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code liveConsumers} in the liveness group: DOWN when one of this replica's live risk
 * consumers died or has made no progress for {@code bb.risk.live.stall-timeout} (see
 * {@link ConsumerLiveness}). UP without consumers, when live scoring is disabled.
 */
@Component
class LiveConsumersHealthIndicator implements HealthIndicator {

    private final ObjectProvider<LiveRiskConsumer> consumer;
    private final RiskProperties.Live settings;

    LiveConsumersHealthIndicator(ObjectProvider<LiveRiskConsumer> consumer, RiskProperties properties) {
        this.consumer = consumer;
        this.settings = properties.live();
    }

    @Override
    public Health health() {
        LiveRiskConsumer live = consumer.getIfAvailable();
        return ConsumerLiveness.health(live == null ? List.of() : live.states(), settings.stallTimeout());
    }
}
