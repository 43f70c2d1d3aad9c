/**
 * The ingest WebSocket: authentication before the upgrade, per-connection limits, the
 * write of accepted batches to the event stream, and live risk frames back to the user.
 */
@NullMarked
package io.behavioralbiometrics.ingestor.ingest;

import org.jspecify.annotations.NullMarked;
