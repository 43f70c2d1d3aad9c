package io.behavioralbiometrics.eventlogger.storage;

import io.behavioralbiometrics.core.bus.BusNames;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

@Configuration(proxyBeanMethods = false)
class ErasureConfiguration {

    @Bean
    RedisMessageListenerContainer userDeletedListenerContainer(RedisConnectionFactory connectionFactory,
            UserErasureListener listener) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connectionFactory);
        container.addMessageListener(listener, ChannelTopic.of(BusNames.USER_DELETED_CHANNEL));
        return container;
    }
}
