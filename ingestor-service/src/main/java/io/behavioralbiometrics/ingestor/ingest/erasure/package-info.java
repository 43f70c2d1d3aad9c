/**
 * Erased accounts: the tombstone check by which the handshake refuses their still valid tokens,
 * and the reader of {@code bb:user-deleted} that closes their open sockets on this replica.
 */
@NullMarked
package io.behavioralbiometrics.ingestor.ingest.erasure;

import org.jspecify.annotations.NullMarked;
