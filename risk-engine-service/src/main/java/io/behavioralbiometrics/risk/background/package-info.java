/**
 * The background pool: other enrolled users' feature rows that a user's model learns
 * against, bounded per contributor and per sample, stored in PostgreSQL so every replica
 * trains the same model, and erased with its contributor.
 */
@NullMarked
package io.behavioralbiometrics.risk.background;

import org.jspecify.annotations.NullMarked;
