/** Names and message shapes on the Redis bus shared by the services. */
@NullMarked
package io.behavioralbiometrics.core.bus;

import org.jspecify.annotations.NullMarked;
