/** What two or more services must agree on. */
@NullMarked
package io.behavioralbiometrics.core;

import org.jspecify.annotations.NullMarked;
