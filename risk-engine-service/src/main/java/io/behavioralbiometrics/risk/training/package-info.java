/** Training a user's models from the events the event-logger stored. */
@NullMarked
package io.behavioralbiometrics.risk.training;

import org.jspecify.annotations.NullMarked;
