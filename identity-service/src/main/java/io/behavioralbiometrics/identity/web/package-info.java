/** RFC 9457 problem responses. */
@NullMarked
package io.behavioralbiometrics.identity.web;

import org.jspecify.annotations.NullMarked;
