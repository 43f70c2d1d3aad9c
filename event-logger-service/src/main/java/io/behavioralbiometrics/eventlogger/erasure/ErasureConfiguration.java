package io.behavioralbiometrics.eventlogger.erasure;

import io.behavioralbiometrics.core.bus.BusNames;
import io.behavioralbiometrics.core.bus.UserDeletion;
import io.behavioralbiometrics.core.bus.UserDeletionConsumer;
import io.behavioralbiometrics.core.stream.RedisStreamConnections;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

@Configuration(proxyBeanMethods = false)
class ErasureConfiguration {

    /** This replica's member of the {@value BusNames#EVENT_LOGGER_GROUP} group on the erasure stream. */
    @Bean
    @ConditionalOnProperty(prefix = "bb.event-logger.erasure", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    UserDeletionConsumer userDeletionConsumer(RedisStreamConnections streams, StringRedisTemplate redis,
            EventErasure erasure, ErasureProperties settings) {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        String name = "event-logger-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
        return new UserDeletionConsumer(streams, redis, UserDeletion.EVENT_LOGGER, BusNames.EVENT_LOGGER_GROUP, name,
                erasure::erase, new UserDeletionConsumer.Settings(settings.pollInterval(), settings.claimMinIdle(),
                        Duration.ofSeconds(30)));
    }
}
