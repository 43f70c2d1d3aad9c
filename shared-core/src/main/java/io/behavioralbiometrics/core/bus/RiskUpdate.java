package io.behavioralbiometrics.core.bus;

import java.time.Instant;
import java.util.UUID;

/**
 * A live risk score for one session, published on {@value BusNames#RISK_CHANNEL};
 * {@code level} is {@code LOW}, {@code MEDIUM} or {@code HIGH} under the risk engine's
 * configured thresholds.
 */
public record RiskUpdate(UUID userId, UUID sessionId, double risk, String level, Instant at) {
}
