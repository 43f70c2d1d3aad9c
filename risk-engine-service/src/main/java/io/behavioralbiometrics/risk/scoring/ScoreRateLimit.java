package io.behavioralbiometrics.risk.scoring;

import io.behavioralbiometrics.risk.RiskProperties;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Score requests per user in fixed windows that start at a window's first request, counted in
 * Redis so every replica counts together. The score endpoint answers how foreign a body of
 * events looks to the user's model; unbounded, a stolen token could tune forged behaviour
 * against it until it passes, and every request costs a scoring's CPU. When Redis cannot
 * count, requests are let through: the limit is a brake, not the access control.
 */
@Component
public class ScoreRateLimit {

    private static final Logger log = LoggerFactory.getLogger(ScoreRateLimit.class);

    /**
     * Count, and the window's remaining milliseconds. A count without an expiry (a new one,
     * or any left without) gets one, so no user can stay refused for good.
     */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> COUNT = RedisScript.of("""
            local n = redis.call('INCRBY', KEYS[1], 1)
            local left = redis.call('PTTL', KEYS[1])
            if left < 0 then
                redis.call('PEXPIRE', KEYS[1], ARGV[1])
                left = tonumber(ARGV[1])
            end
            return {n, left}
            """, List.class);

    private final StringRedisTemplate redis;
    private final RiskProperties.Scoring settings;

    ScoreRateLimit(StringRedisTemplate redis, RiskProperties properties) {
        this.redis = redis;
        this.settings = properties.scoring();
    }

    /** The key of a user's count; on the user's cluster slot like their other risk keys. */
    public static String key(UUID userId) {
        return "bb:risk:score-rate:{" + userId + "}";
    }

    /** Empty when the request may go on; otherwise how long until the user's window ends. */
    Optional<Duration> refusal(UUID userId) {
        List<?> counted;
        try {
            counted = redis.execute(COUNT, List.of(key(userId)), Long.toString(settings.rateWindow().toMillis()));
        } catch (DataAccessException e) {
            log.warn("Score requests are not rate limited while Redis cannot count them: {}", e.getMessage());
            return Optional.empty();
        }
        long count = ((Number) counted.get(0)).longValue();
        if (count <= settings.requestsPerWindow()) {
            return Optional.empty();
        }
        long remaining = ((Number) counted.get(1)).longValue();
        return Optional.of(Duration.ofMillis(Math.max(1, remaining)));
    }
}
