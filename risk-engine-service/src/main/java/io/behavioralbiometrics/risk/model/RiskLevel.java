package io.behavioralbiometrics.risk.model;

/**
 * Coarse risk bands. Risks are calibrated per user so that the user's own held-out
 * behaviour is close to uniform on [0, 1]: a threshold τ therefore flags about (1 − τ) of
 * the genuine user's windows or sessions. The defaults ({@value #DEFAULT_MEDIUM},
 * {@value #DEFAULT_HIGH}) accept about 5% genuine sessions at MEDIUM or above and about 1%
 * at HIGH; impostors, whose behaviour lies outside the user's distribution, concentrate
 * near 1.
 */
public enum RiskLevel {
    LOW,
    MEDIUM,
    HIGH;

    public static final double DEFAULT_MEDIUM = 0.95;
    public static final double DEFAULT_HIGH = 0.99;

    /** Level of {@code risk} with the default thresholds. */
    public static RiskLevel of(double risk) {
        return of(risk, DEFAULT_MEDIUM, DEFAULT_HIGH);
    }

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
