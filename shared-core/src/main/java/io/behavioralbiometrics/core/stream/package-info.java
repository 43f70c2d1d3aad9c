/**
 * The one consumer loop over Redis streams that every service runs ({@link
 * io.behavioralbiometrics.core.stream.StreamConsumer}): group members and tails, pending
 * recovery, claims, acknowledgement after the effect, dead letters, liveness and shutdown;
 * each service supplies only a {@link io.behavioralbiometrics.core.stream.StreamHandler}.
 */
@NullMarked
package io.behavioralbiometrics.core.stream;

import org.jspecify.annotations.NullMarked;
