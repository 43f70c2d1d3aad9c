/** The user's rights over their events: export, and erasure when identity announces a deleted account. */
@NullMarked
package io.behavioralbiometrics.eventlogger.erasure;

import org.jspecify.annotations.NullMarked;
