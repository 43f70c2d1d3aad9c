package io.behavioralbiometrics.risk.background;

import io.behavioralbiometrics.risk.RiskProperties;
import io.behavioralbiometrics.risk.features.FeatureSet;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Stores each training user's feature rows in the pool and draws other users' rows for a
 * model to learn against. Only feature rows enter the pool, never raw events, and at most
 * {@code rows-per-user} per user and feature set, evenly spaced over the user's training
 * rows so every period of their behaviour is represented.
 *
 * <p>A sample is deterministic: at most {@code max-users} contributors, chosen by a hash of
 * the pair (contributor, user being trained), so each user gets a different but stable
 * sample and a retrain on any replica draws the same one while the pool is unchanged.
 */
@Service
public class BackgroundPool {

    private final JdbcClient jdbc;
    private final RiskProperties.Background settings;
    private final Clock clock = Clock.systemUTC();

    BackgroundPool(JdbcClient jdbc, RiskProperties properties) {
        this.jdbc = jdbc;
        this.settings = properties.background();
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** Puts (or replaces) the user's rows of one feature set in the pool; nothing when disabled. */
    public void contribute(UUID userId, FeatureSet set, List<double[]> rows) {
        if (!settings.enabled() || rows.isEmpty()) {
            return;
        }
        List<double[]> thinned = evenly(rows, settings.rowsPerUser());
        int d = thinned.getFirst().length;
        ByteBuffer bytes = ByteBuffer.allocate(8 * d * thinned.size());
        for (double[] row : thinned) {
            for (double v : row) {
                bytes.putDouble(v);
            }
        }
        jdbc.sql("""
                insert into risk.background_rows
                    (user_id, feature_set, feature_set_version, dimension, row_count, rows, contributed_at)
                values (:user, :set, :version, :dimension, :count, :rows, :at)
                on conflict (user_id, feature_set) do update set feature_set_version = excluded.feature_set_version,
                    dimension = excluded.dimension, row_count = excluded.row_count, rows = excluded.rows,
                    contributed_at = excluded.contributed_at""")
                .param("user", userId).param("set", set.name()).param("version", set.version())
                .param("dimension", d).param("count", thinned.size()).param("rows", bytes.array())
                .param("at", Timestamp.from(clock.instant()))
                .update();
    }

    /**
     * Other users' rows of the feature set with the same width, for {@code userId}'s model;
     * {@link BackgroundSample#EMPTY} below {@code min-users} contributors or when disabled.
     */
    public BackgroundSample sample(UUID userId, FeatureSet set, int dimension) {
        if (!settings.enabled()) {
            return BackgroundSample.EMPTY;
        }
        List<UUID> chosen = jdbc.sql("""
                select user_id from risk.background_rows
                where feature_set = :set and feature_set_version = :version and dimension = :dimension
                  and user_id <> :user
                order by md5(user_id::text || :user::text)
                limit :max""")
                .param("set", set.name()).param("version", set.version()).param("dimension", dimension)
                .param("user", userId).param("max", settings.maxUsers())
                .query(UUID.class).list();
        if (chosen.size() < settings.minUsers()) {
            return BackgroundSample.EMPTY;
        }
        Map<UUID, List<double[]>> rows = new LinkedHashMap<>();
        jdbc.sql("""
                select user_id, dimension, row_count, rows from risk.background_rows
                where feature_set = :set and user_id in (:users) order by user_id""")
                .param("set", set.name()).param("users", chosen)
                .query((rs, n) -> {
                    int d = rs.getInt("dimension");
                    int count = rs.getInt("row_count");
                    ByteBuffer bytes = ByteBuffer.wrap(rs.getBytes("rows"));
                    List<double[]> user = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        double[] row = new double[d];
                        for (int j = 0; j < d; j++) {
                            row[j] = bytes.getDouble();
                        }
                        user.add(row);
                    }
                    rows.put(rs.getObject("user_id", UUID.class), user);
                    return 1;
                })
                .list();
        // Sorted by user id, so the forest sees users in an order independent of the hash.
        return new BackgroundSample(List.copyOf(rows.keySet()), List.copyOf(rows.values()));
    }

    /** Removes the user's rows from the pool; returns how many feature sets held them. */
    public int remove(UUID userId) {
        return jdbc.sql("delete from risk.background_rows where user_id = :user").param("user", userId).update();
    }

    /** What the pool holds of a user, for their data export. */
    public record Contribution(String featureSet, String featureSetVersion, int rows, Instant contributedAt) {
    }

    public List<Contribution> contributions(UUID userId) {
        return jdbc.sql("""
                select feature_set, feature_set_version, row_count, contributed_at from risk.background_rows
                where user_id = :user order by feature_set""")
                .param("user", userId)
                .query((rs, n) -> new Contribution(rs.getString("feature_set"), rs.getString("feature_set_version"),
                        rs.getInt("row_count"), rs.getTimestamp("contributed_at").toInstant()))
                .list();
    }

    /** At most {@code max} rows, evenly spaced over time so every period is represented. */
    public static List<double[]> evenly(List<double[]> rows, int max) {
        if (rows.size() <= max) {
            return rows;
        }
        List<double[]> out = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            out.add(rows.get((int) ((long) i * rows.size() / max)));
        }
        return out;
    }
}
