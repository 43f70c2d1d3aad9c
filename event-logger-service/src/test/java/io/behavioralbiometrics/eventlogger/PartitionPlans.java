package io.behavioralbiometrics.eventlogger;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;

/** Which partitions of {@code events.behavioral_events} PostgreSQL's plan for a statement reads. */
public final class PartitionPlans {

    /** A partition's name; an index name starts with its partition's. */
    private static final Pattern PARTITION = Pattern.compile("behavioral_events_p\\d{3}");

    private PartitionPlans() {
    }

    /** The plan as PostgreSQL prints it, for a failure message. */
    public static String plan(JdbcTemplate jdbc, String sql, Object... parameters) {
        List<String> lines = jdbc.queryForList("explain " + sql, String.class, parameters);
        return String.join("\n", lines);
    }

    public static Set<String> partitionsRead(String plan) {
        Set<String> partitions = new TreeSet<>();
        Matcher matcher = PARTITION.matcher(plan);
        while (matcher.find()) {
            partitions.add(matcher.group());
        }
        return partitions;
    }
}
