/** The user's rights over their models and risk history: export, and erasure when identity announces a deleted account. */
@NullMarked
package io.behavioralbiometrics.risk.privacy;

import org.jspecify.annotations.NullMarked;
