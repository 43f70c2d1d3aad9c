package io.behavioralbiometrics.eventlogger.storage;

import io.behavioralbiometrics.eventlogger.EventLoggerProperties;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Deletes events received longer ago than {@code bb.event-logger.retention.max-age}, in
 * bounded chunks (each its own short transaction). A session-level PostgreSQL advisory
 * lock, held on the one connection that runs the deletes, lets only one replica run it;
 * the lock goes away with the connection if the replica dies.
 */
@Component
public class RetentionJob implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    /** Advisory lock key: "bb-retention" as a number, any constant unique in this database will do. */
    static final long LOCK_KEY = 0x62622d726574656eL;

    private static final String DELETE_CHUNK = """
            delete from events.behavioral_events where id in (
                select id from events.behavioral_events where received_at < ? limit ?)""";

    private final JdbcTemplate jdbc;
    private final EventLoggerProperties.Retention settings;
    private final Clock clock;

    @Autowired
    RetentionJob(JdbcTemplate jdbc, EventLoggerProperties properties) {
        this(jdbc, properties.retention(), Clock.systemUTC());
    }

    RetentionJob(JdbcTemplate jdbc, EventLoggerProperties.Retention settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** What one run did: whether it got the lock, and how many rows it deleted. */
    public record Run(boolean lockAcquired, long deleted) {
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (settings.enabled()) {
            registrar.addFixedDelayTask(this::runScheduled, settings.interval());
        }
    }

    private void runScheduled() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("Retention run failed, next try in {}: {}", settings.interval(), e.getMessage());
        }
    }

    /** Deletes expired rows unless another replica holds the lock. */
    public Run runOnce() {
        Instant cutoff = clock.instant().minus(settings.maxAge());
        Run run = jdbc.execute((ConnectionCallback<Run>) connection -> {
            if (!advisoryLock(connection, "select pg_try_advisory_lock(?)")) {
                return new Run(false, 0);
            }
            try {
                long deleted = 0;
                int chunk;
                do {
                    try (PreparedStatement delete = connection.prepareStatement(DELETE_CHUNK)) {
                        delete.setTimestamp(1, Timestamp.from(cutoff));
                        delete.setInt(2, settings.chunkSize());
                        chunk = delete.executeUpdate();
                    }
                    deleted += chunk;
                } while (chunk == settings.chunkSize());
                return new Run(true, deleted);
            } finally {
                advisoryLock(connection, "select pg_advisory_unlock(?)");
            }
        });
        if (run != null && run.deleted() > 0) {
            log.info("Retention deleted {} events received before {}", run.deleted(), cutoff);
        }
        return run == null ? new Run(false, 0) : run;
    }

    private static boolean advisoryLock(java.sql.Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, LOCK_KEY);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
