/** Identity service: accounts, tokens and the JWKS. */
@NullMarked
package io.behavioralbiometrics.identity;

import org.jspecify.annotations.NullMarked;
