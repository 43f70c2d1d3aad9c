/** Login, refresh, revoke: access tokens and rotating refresh-token families. */
@NullMarked
package io.behavioralbiometrics.identity.token;

import org.jspecify.annotations.NullMarked;
