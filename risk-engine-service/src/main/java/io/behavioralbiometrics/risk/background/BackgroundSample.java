package io.behavioralbiometrics.risk.background;

import java.util.List;
import java.util.UUID;

/**
 * The other users a model learns against, and their rows (one list per user, same order).
 * Empty at cold start: fewer contributors than {@code bb.risk.background.min-users}, or the
 * background disabled.
 */
public record BackgroundSample(List<UUID> users, List<List<double[]>> rows) {

    public static final BackgroundSample EMPTY = new BackgroundSample(List.of(), List.of());

    public BackgroundSample {
        users = List.copyOf(users);
        rows = List.copyOf(rows);
        if (users.size() != rows.size()) {
            throw new IllegalArgumentException("one row list per background user");
        }
    }
}
