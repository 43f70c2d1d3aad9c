/**
 * The ingest WebSocket, split by concern: the socket itself in {@code connection}, the write of
 * accepted batches to the event stream in {@code publish}, and erased accounts in {@code erasure}.
 */
@NullMarked
package io.behavioralbiometrics.ingestor.ingest;

import org.jspecify.annotations.NullMarked;
