/**
 * The write of accepted batches to the event stream and the live channel, with replica
 * confirmation when configured, and the backlog bound that keeps Redis from filling up.
 */
@NullMarked
package io.behavioralbiometrics.ingestor.ingest.publish;

import org.jspecify.annotations.NullMarked;
