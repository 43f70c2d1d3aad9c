package io.behavioralbiometrics.risk.model;

/** Which kind of model answered: what a train or score response reports as {@code modelKind}. */
public enum ModelKind {
    /** The user's own behaviour only (cold start, background disabled, or a user erased from the background). */
    ONE_CLASS,
    /** The one-class components beside a forest trained against other enrolled users' feature rows. */
    BACKGROUND
}
