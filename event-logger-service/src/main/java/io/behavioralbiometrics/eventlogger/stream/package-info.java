/** Consuming the {@code bb:events} stream: the consumer loop, dead letters, trimming and lag metrics. */
@NullMarked
package io.behavioralbiometrics.eventlogger.stream;

import org.jspecify.annotations.NullMarked;
