package io.behavioralbiometrics.ingestor.ingest.connection;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.event.EventCodec;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import tools.jackson.databind.json.JsonMapper;

/** The Redis client's behaviour during outages, and the one subscription to risk updates. */
@Configuration(proxyBeanMethods = false)
class IngestRedisConfiguration {

    @Bean
    RedisMessageListenerContainer riskListenerContainer(RedisConnectionFactory connectionFactory,
            ConnectionRegistry registry, EventCodec codec, JsonMapper mapper) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connectionFactory);
        container.setRecoveryInterval(2000);
        container.addMessageListener(new RiskForwarder(registry, codec, mapper), new ChannelTopic(BusNames.RISK_CHANNEL));
        return container;
    }

    /**
     * Fail fast while Redis is down instead of queueing commands until they time out, so
     * the client hears "unavailable" at once and readiness turns DOWN.
     */
    @Bean
    static LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    /** Reconnect within seconds of Redis coming back rather than Lettuce's default of up to 30 s. */
    @Bean
    static ClientResourcesBuilderCustomizer boundedReconnectDelay() {
        return resources -> resources.reconnectDelay(
                Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS));
    }
}
