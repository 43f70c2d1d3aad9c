/**
 * The event contract between the browser SDK, the ingestor and the consumers of the
 * {@code bb:events} stream, and the one codec that reads and writes it.
 */
@NullMarked
package io.behavioralbiometrics.core.event;

import org.jspecify.annotations.NullMarked;
