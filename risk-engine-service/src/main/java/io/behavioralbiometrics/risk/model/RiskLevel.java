package io.behavioralbiometrics.risk.model;

/**
 * Coarse risk bands. Risks are calibrated per user so that the user's own held-out
 * behaviour is close to uniform on [0, 1]: a threshold τ therefore flags about (1 − τ) of
 * the genuine user's windows or sessions, whoever the user is; impostors, whose behaviour
 * lies outside the user's distribution, concentrate near 1. The thresholds are a
 * deployment's policy ({@code bb.risk.levels}), not part of a model.
 */
public enum RiskLevel {
    LOW,
    MEDIUM,
    HIGH;

    /** LOW below {@code medium}, MEDIUM below {@code high}, HIGH from {@code high} on. */
    public static RiskLevel of(double risk, double medium, double high) {
        if (Double.isNaN(risk)) {
            throw new IllegalArgumentException("risk must be a number");
        }
        if (risk < medium) {
            return LOW;
        }
        return risk < high ? MEDIUM : HIGH;
    }
}
