package io.behavioralbiometrics.risk.live;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.risk.RiskProperties;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The recent events of each live session, kept in Redis because the consumer group
 * spreads a session's batches over replicas: a capped list {@code bb:risk:session:{<user>}:<id>}
 * and a counter of events since the last score, both expiring when the session goes idle.
 * The key holds the user because the session id comes from the client: another user
 * sending batches under the same session id must not add events to this user's window.
 * One script appends and decides atomically, so exactly one replica rescores. A user keeps
 * at most {@code live.sessions-per-user} windows (listed by last use in
 * {@code bb:risk:session:{<user>}:live}): a stolen token cannot fill Redis by opening
 * sessions, as the least recently used window, with its counter and evidence, goes first.
 * The keys are named in {@link SessionKeys}.
 */
@Component
class SessionWindows {

    /**
     * KEYS: window list, new-events counter, the user's live windows by last use. ARGV: cap,
     * ttl ms, rescore threshold, now ms, most windows per user, events...
     * Returns the whole window when the threshold is reached (and resets the counter), else nothing.
     */
    private static final RedisScript<List> APPEND = RedisScript.of("""
            local cap, ttl, every = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
            local now, most = tonumber(ARGV[4]), tonumber(ARGV[5])
            redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ttl))
            redis.call('ZADD', KEYS[3], now, KEYS[1])
            redis.call('PEXPIRE', KEYS[3], ttl)
            local over = redis.call('ZCARD', KEYS[3]) - most
            if over > 0 then
              for _, old in ipairs(redis.call('ZRANGE', KEYS[3], 0, over - 1)) do
                redis.call('DEL', old, old .. ':new', old .. ':evidence') -- SessionKeys.ofWindow
              end
              redis.call('ZREMRANGEBYRANK', KEYS[3], 0, over - 1)
            end
            for i = 6, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[i]) end
            redis.call('LTRIM', KEYS[1], -cap, -1)
            redis.call('PEXPIRE', KEYS[1], ttl)
            local fresh = redis.call('INCRBY', KEYS[2], #ARGV - 5)
            redis.call('PEXPIRE', KEYS[2], ttl)
            if fresh < every then return {} end
            redis.call('SET', KEYS[2], 0, 'PX', ttl)
            return redis.call('LRANGE', KEYS[1], 0, -1)
            """, List.class);

    private final StringRedisTemplate redis;
    private final EventCodec codec;
    private final RiskProperties.Live settings;
    private final Clock clock = Clock.systemUTC();

    SessionWindows(StringRedisTemplate redis, EventCodec codec, RiskProperties properties) {
        this.redis = redis;
        this.codec = codec;
        this.settings = properties.live();
    }

    /** Adds a batch to the session's window; returns the window when it is due for a score, else an empty list. */
    List<BehavioralEvent> append(UUID userId, UUID sessionId, List<BehavioralEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<String> args = new ArrayList<>(events.size() + 3);
        args.add(Integer.toString(settings.windowEvents()));
        args.add(Long.toString(settings.sessionTtl().toMillis()));
        args.add(Integer.toString(settings.rescoreEvery()));
        args.add(Long.toString(clock.millis()));
        args.add(Integer.toString(settings.sessionsPerUser()));
        for (BehavioralEvent event : events) {
            args.add(codec.encodeEvents(List.of(event)));
        }
        String key = key(userId, sessionId);
        @SuppressWarnings("unchecked")
        List<String> window = redis.execute(APPEND, List.of(key, key + ":new", liveKey(userId)), args.toArray());
        if (window == null || window.isEmpty()) {
            return List.of();
        }
        // Each element is a one-event array; strip the brackets and read them as one array.
        StringBuilder json = new StringBuilder(window.size() * 64).append('[');
        for (int i = 0; i < window.size(); i++) {
            String element = window.get(i);
            json.append(i == 0 ? "" : ",").append(element, 1, element.length() - 1);
        }
        return codec.decodeEvents(json.append(']').toString());
    }

    static String key(UUID userId, UUID sessionId) {
        return SessionKeys.window(userId, sessionId);
    }

    static String liveKey(UUID userId) {
        return SessionKeys.live(userId);
    }
}
