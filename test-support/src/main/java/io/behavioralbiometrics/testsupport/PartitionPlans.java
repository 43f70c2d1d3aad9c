package io.behavioralbiometrics.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which partitions of {@code events.behavioral_events} PostgreSQL's plan for a statement reads. */
public final class PartitionPlans {

    /** A partition's name; an index name starts with its partition's. */
    private static final Pattern PARTITION = Pattern.compile("behavioral_events_p\\d{3}");

    private PartitionPlans() {
    }

    /** The plan ({@code EXPLAIN}, not run) as PostgreSQL prints it, for a failure message. */
    public static String plan(Connection connection, String sql, Object... parameters) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement explain = connection.prepareStatement("explain " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                explain.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    lines.add(rows.getString(1));
                }
            }
        }
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
