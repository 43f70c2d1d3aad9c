/** Event logger: persists the event stream to PostgreSQL exactly once. */
@NullMarked
package io.behavioralbiometrics.eventlogger;

import org.jspecify.annotations.NullMarked;
