package io.behavioralbiometrics.identity.privacy;

import java.util.Map;
import java.util.UUID;

/**
 * Progress of one erasure: when each service reported its deletion committed (an ISO
 * instant, or null while pending).
 */
record ErasureStatus(UUID erasureId, Map<String, String> services, boolean complete) {
}
