package io.behavioralbiometrics.risk.live;

import java.util.List;
import java.util.UUID;

/**
 * The Redis keys of a user's live sessions. The user id in braces is the key's hash tag, so
 * all of a user's keys share one Redis Cluster slot: the window script may touch them
 * together, and erasure finds them through the user's list of live windows instead of
 * scanning the keyspace (a scan would visit every key of every node on each erasure).
 */
public final class SessionKeys {

    static final String PREFIX = "bb:risk:session:";

    private SessionKeys() {
    }

    /** The session's capped list of recent events. */
    public static String window(UUID userId, UUID sessionId) {
        return PREFIX + "{" + userId + "}:" + sessionId;
    }

    /** The session's CUSUM state, beside its window. */
    public static String evidence(UUID userId, UUID sessionId) {
        return window(userId, sessionId) + ":evidence";
    }

    /** The user's live windows by last use: a sorted set of window keys. */
    public static String live(UUID userId) {
        return PREFIX + "{" + userId + "}:live";
    }

    /** Every key a window has: the list, its counter of new events and its evidence. */
    public static List<String> ofWindow(String window) {
        return List.of(window, window + ":new", window + ":evidence");
    }
}
