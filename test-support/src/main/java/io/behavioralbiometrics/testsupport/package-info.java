/**
 * Real PostgreSQL and Redis for tests and the local stack. With a Docker engine the
 * servers are Testcontainers; without one they are embedded servers started from Maven
 * artifacts. Either way they start once per JVM and are shared.
 */
@NullMarked
package io.behavioralbiometrics.testsupport;

import org.jspecify.annotations.NullMarked;
