/**
 * One command for a newcomer: embedded PostgreSQL and Redis, the four services (each in
 * its own JVM, as deployed), the demo page, and a headless simulation of the pipeline.
 */
@NullMarked
package io.behavioralbiometrics.localstack;

import org.jspecify.annotations.NullMarked;
