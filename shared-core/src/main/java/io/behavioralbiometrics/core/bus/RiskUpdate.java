package io.behavioralbiometrics.core.bus;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A live risk score for one session, published on {@value BusNames#RISK_CHANNEL};
 * {@code level} is {@code LOW}, {@code MEDIUM} or {@code HIGH} under the risk engine's
 * configured thresholds. {@code evidenceRisk} and {@code evidenceLevel} are the session
 * evidence (a CUSUM over the whole session); a risk engine older than them leaves them out.
 */
public record RiskUpdate(UUID userId, UUID sessionId, double risk, String level, @Nullable Double evidenceRisk,
        @Nullable String evidenceLevel, Instant at) {

    public RiskUpdate(UUID userId, UUID sessionId, double risk, String level, Instant at) {
        this(userId, sessionId, risk, level, null, null, at);
    }
}
