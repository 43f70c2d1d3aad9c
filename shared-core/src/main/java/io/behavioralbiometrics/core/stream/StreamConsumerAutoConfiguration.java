package io.behavioralbiometrics.core.stream;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** {@link RedisStreamConnections} on the Lettuce client Boot configured, in every service with Redis. */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(LettuceConnectionFactory.class)
public class StreamConsumerAutoConfiguration {

    @Bean
    @ConditionalOnBean(LettuceConnectionFactory.class)
    @ConditionalOnMissingBean
    RedisStreamConnections redisStreamConnections(LettuceConnectionFactory connectionFactory) {
        return new RedisStreamConnections(connectionFactory);
    }
}
