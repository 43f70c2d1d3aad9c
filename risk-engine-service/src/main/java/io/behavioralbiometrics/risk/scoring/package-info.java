/** Scoring events against a user's latest model of the matching modality. */
@NullMarked
package io.behavioralbiometrics.risk.scoring;

import org.jspecify.annotations.NullMarked;
