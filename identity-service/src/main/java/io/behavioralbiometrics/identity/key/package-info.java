/** Signing keys: creation, rotation, storage and the public JWKS. */
@NullMarked
package io.behavioralbiometrics.identity.key;

import org.jspecify.annotations.NullMarked;
