/** Persisted per-user models: versioned in PostgreSQL, cached per replica only by exact version. */
@NullMarked
package io.behavioralbiometrics.risk.registry;

import org.jspecify.annotations.NullMarked;
