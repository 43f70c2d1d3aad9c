package io.behavioralbiometrics.eventlogger.storage;

import io.behavioralbiometrics.eventlogger.EventLoggerProperties;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * bounded chunks (each its own short transaction), one partition after the other: the
 * table is partitioned by user, so age cannot prune partitions, but a chunk that names its
 * partition reads that partition's small BRIN index only. A session-level PostgreSQL advisory
 * lock, held on the one connection that runs the deletes, lets only one replica run it;
 * the lock goes away with the connection if the replica dies.
 */
@Component
public class RetentionJob implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    /** Advisory lock key: "bb-retention" as a number, any constant unique in this database will do. */
    static final long LOCK_KEY = 0x62622d726574656eL;

    private static final String PARTITIONS = """
            select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
            where i.inhparent = 'events.behavioral_events'::regclass order by c.relname""";

    /** The partition's name comes from the catalogue, never from input. */
    static final String DELETE_CHUNK = """
            delete from events.%1$s where (user_id, id) in (
                select user_id, id from events.%1$s where received_at < ? limit ?)""";

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
                for (String partition : partitions(connection)) {
                    String sql = DELETE_CHUNK.formatted(partition);
                    int chunk;
                    do {
                        try (PreparedStatement delete = connection.prepareStatement(sql)) {
                            delete.setTimestamp(1, Timestamp.from(cutoff));
                            delete.setInt(2, settings.chunkSize());
                            chunk = delete.executeUpdate();
                        }
                        deleted += chunk;
                    } while (chunk == settings.chunkSize());
                }
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

    /** Each partition's name, quoted as an identifier. */
    static List<String> partitions(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(PARTITIONS);
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                names.add('"' + result.getString(1).replace("\"", "\"\"") + '"');
            }
        }
        return names;
    }

    private static boolean advisoryLock(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, LOCK_KEY);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
