package io.behavioralbiometrics.risk;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Creates the event-logger's {@code events.behavioral_events} for tests, with its own
 * Flyway history in the {@code events} schema, as the event-logger's own migrations would:
 * the risk engine only reads that table.
 */
@TestConfiguration(proxyBeanMethods = false)
class EventsTableConfiguration {

    static final String LOCATION = "classpath:db/testmigration/events";

    record EventsTable(int migrationsApplied) {
    }

    @Bean
    EventsTable eventsTable(DataSource dataSource) {
        return new EventsTable(Flyway.configure()
                .dataSource(dataSource)
                .schemas("events")
                .locations(LOCATION)
                .load()
                .migrate().migrationsExecuted);
    }
}
