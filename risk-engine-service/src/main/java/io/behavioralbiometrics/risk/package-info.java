/** Risk engine: per-user models of mouse and keystroke behaviour, and live risk. */
@NullMarked
package io.behavioralbiometrics.risk;

import org.jspecify.annotations.NullMarked;
