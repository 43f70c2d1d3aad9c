/**
 * Per-user one-class models: an Isolation Forest (Smile) over standardised feature rows,
 * calibrated against the user's own out-of-fold training scores so that a risk means the
 * same for every user.
 */
@NullMarked
package io.behavioralbiometrics.risk.model;

import org.jspecify.annotations.NullMarked;
