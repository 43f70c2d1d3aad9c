package io.behavioralbiometrics.identity.privacy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Everything identity holds of one account, machine-readable. Password and refresh-token
 * hashes are secrets of the service, not data about the person, and are never exported.
 *
 * @param sessions      one entry per refresh token (a login and its rotations)
 * @param loginFailures recent failed logins counted against the account's email
 */
record AccountExport(UUID userId, String email, List<String> roles, Instant createdAt, List<Session> sessions,
        List<Instant> loginFailures, @Nullable Instant loginLockedUntil, Instant exportedAt) {

    record Session(UUID familyId, Instant issuedAt, Instant expiresAt, @Nullable Instant usedAt,
            @Nullable Instant revokedAt) {
    }
}
