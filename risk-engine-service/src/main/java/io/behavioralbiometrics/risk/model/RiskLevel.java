package io.behavioralbiometrics.risk.model;

/**
 * Coarse risk bands. Risks are calibrated per user on the user's own out-of-fold
 * behaviour: a threshold τ therefore aims at (1 − τ) of the genuine user's windows or
 * sessions, whoever the user is; impostors, whose behaviour
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
