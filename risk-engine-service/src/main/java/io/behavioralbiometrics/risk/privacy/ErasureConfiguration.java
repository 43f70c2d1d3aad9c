package io.behavioralbiometrics.risk.privacy;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.UserDeletion;
import io.behavioralbiometrics.core.bus.UserDeletionConsumer;
import io.behavioralbiometrics.core.stream.RedisStreamConnections;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

@Configuration(proxyBeanMethods = false)
class ErasureConfiguration {

    /** This replica's member of the {@value BusNames#RISK_ENGINE_GROUP} group on the erasure stream. */
    @Bean
    @ConditionalOnProperty(prefix = "bb.risk.erasure", name = "enabled", havingValue = "true", matchIfMissing = true)
    UserDeletionConsumer userDeletionConsumer(RedisStreamConnections streams, StringRedisTemplate redis,
            RiskErasure erasure) {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        String name = "risk-engine-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
        return new UserDeletionConsumer(streams, redis, UserDeletion.RISK_ENGINE, BusNames.RISK_ENGINE_GROUP, name,
                erasure::erase, UserDeletionConsumer.Settings.defaults());
    }
}
