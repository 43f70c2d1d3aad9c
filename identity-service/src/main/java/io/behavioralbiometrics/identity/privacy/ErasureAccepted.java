package io.behavioralbiometrics.identity.privacy;

import java.util.UUID;

/** Answer to an erasure request: identity's part is done, the other services follow from the bus. */
record ErasureAccepted(UUID erasureId, UUID userId, String status) {
}
