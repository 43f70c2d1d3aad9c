/** Ingestor service: the authenticated WebSocket into the event stream. */
@NullMarked
package io.behavioralbiometrics.ingestor;

import org.jspecify.annotations.NullMarked;
