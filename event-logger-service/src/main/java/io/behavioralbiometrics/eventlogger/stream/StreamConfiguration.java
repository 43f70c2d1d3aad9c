package io.behavioralbiometrics.eventlogger.stream;

import io.behavioralbiometrics.core.event.EventCodec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StreamConfiguration {

    /** The shared contract codec: entries are validated exactly as the ingestor validated the frames. */
    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }
}
