/** Resource-server security every service shares: JWTs verified against the identity service's JWKS. */
@NullMarked
package io.behavioralbiometrics.core.security;

import org.jspecify.annotations.NullMarked;
