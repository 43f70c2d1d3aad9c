/** The user's rights over their data: export, erasure across the services, erasure status. */
@NullMarked
package io.behavioralbiometrics.identity.privacy;

import org.jspecify.annotations.NullMarked;
