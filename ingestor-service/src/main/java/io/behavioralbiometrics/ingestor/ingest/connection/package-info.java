/**
 * The ingest socket and its wiring: authentication before the upgrade, per-connection limits,
 * reading and answering every frame, and live risk frames back to the user's sockets.
 */
@NullMarked
package io.behavioralbiometrics.ingestor.ingest.connection;

import org.jspecify.annotations.NullMarked;
