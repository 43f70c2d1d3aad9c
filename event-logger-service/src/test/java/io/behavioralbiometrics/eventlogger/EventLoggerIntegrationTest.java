package io.behavioralbiometrics.eventlogger;

import io.behavioralbiometrics.testsupport.RealServersConfiguration;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The one application context of this module's integration tests (same properties
 * everywhere, so it starts once): real PostgreSQL and Redis, Hibernate statistics on. The
 * scheduled retention run is off: it would race {@code RetentionJobTests}' own runs for the
 * retention lock.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.jpa.properties.hibernate.generate_statistics=true",
            "bb.event-logger.retention.enabled=false"})
@Import(RealServersConfiguration.class)
public @interface EventLoggerIntegrationTest {
}
