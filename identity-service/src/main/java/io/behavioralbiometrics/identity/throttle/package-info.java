/** Login throttling per (account, client address) and per client address, shared by replicas through PostgreSQL. */
@NullMarked
package io.behavioralbiometrics.identity.throttle;

import org.jspecify.annotations.NullMarked;
