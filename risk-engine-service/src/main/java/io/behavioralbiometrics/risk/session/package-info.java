/** Latest risk per session, as the live consumer persisted it. */
@NullMarked
package io.behavioralbiometrics.risk.session;

import org.jspecify.annotations.NullMarked;
