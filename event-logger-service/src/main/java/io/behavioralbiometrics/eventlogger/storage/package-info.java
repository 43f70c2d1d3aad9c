/** The {@code events.behavioral_events} table: batched idempotent inserts, retention and erasure. */
@NullMarked
package io.behavioralbiometrics.eventlogger.storage;

import org.jspecify.annotations.NullMarked;
