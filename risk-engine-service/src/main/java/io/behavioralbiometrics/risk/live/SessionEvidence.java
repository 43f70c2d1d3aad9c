package io.behavioralbiometrics.risk.live;

import io.behavioralbiometrics.risk.RiskProperties;
import io.behavioralbiometrics.risk.features.FeatureSet;
import io.behavioralbiometrics.risk.features.FeatureWindow;
import io.behavioralbiometrics.risk.model.UserModel;
import io.behavioralbiometrics.risk.scoring.SessionScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The session CUSUM of each live session and feature set, in Redis beside the session's
 * window ({@code bb:risk:session:{<user>}:<session>:evidence}, a hash with one field per
 * feature set holding the sum and the end time of the last window counted), so that it
 * survives rescoring on any replica and expires and is erased with the window.
 *
 * <p>Every rescore re-extracts the whole recent window, so a window is counted once: only
 * windows ending after the last one counted, and never the newest window, which may still
 * grow (a mouse movement in progress). One script adds the increments and keeps the
 * end time, so two replicas rescoring the same session at once cannot count a window twice.
 */
@Component
class SessionEvidence {

    /**
     * KEYS: evidence hash. ARGV: field, ttl ms, then (end, increment) pairs in time order.
     * Returns the updated sum, as a string.
     */
    private static final RedisScript<String> ADD = RedisScript.of("""
            local state = redis.call('HGET', KEYS[1], ARGV[1])
            local s, last = 0, -math.huge
            if state then
              local sep = string.find(state, '|', 1, true)
              s, last = tonumber(string.sub(state, 1, sep - 1)), tonumber(string.sub(state, sep + 1))
            end
            local seen = last
            for i = 3, #ARGV, 2 do
              local e = tonumber(ARGV[i])
              if e > seen then
                s = math.max(0, s + tonumber(ARGV[i + 1]))
                seen = e
              end
            end
            local value = string.format('%.17g', s)
            if seen > last then
              redis.call('HSET', KEYS[1], ARGV[1], value .. '|' .. string.format('%.17g', seen))
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return value
            """, String.class);

    private final StringRedisTemplate redis;
    private final RiskProperties.Live settings;

    SessionEvidence(StringRedisTemplate redis, RiskProperties properties) {
        this.redis = redis;
        this.settings = properties.live();
    }

    /** The evidence of {@code userId}'s session {@code sessionId}, counting each window once. */
    SessionScorer.EvidenceSource of(UUID userId, UUID sessionId) {
        return (set, model, windows, windowRisks) -> add(userId, sessionId, set, model, windows, windowRisks);
    }

    private double add(UUID userId, UUID sessionId, FeatureSet set, UserModel model, List<FeatureWindow> windows,
            double[] windowRisks) {
        List<String> args = new ArrayList<>(2 * windows.size() + 2);
        args.add(set.name());
        args.add(Long.toString(settings.sessionTtl().toMillis()));
        for (int i = 0; i < windows.size() - 1; i++) {
            args.add(number(windows.get(i).end()));
            args.add(number(model.evidenceIncrement(windowRisks[i])));
        }
        String sum = redis.execute(ADD, List.of(key(userId, sessionId)), args.toArray());
        return sum == null ? 0 : Double.parseDouble(sum);
    }

    static String key(UUID userId, UUID sessionId) {
        return SessionKeys.evidence(userId, sessionId);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.17g", value);
    }
}
