package io.behavioralbiometrics.core.bus;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** {@link EventStreams} from {@code bb.streams.*} in every service that reads or writes the events stream. */
@AutoConfiguration
@EnableConfigurationProperties(EventStreams.class)
public class EventStreamsAutoConfiguration {
}
