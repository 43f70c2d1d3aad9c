package io.behavioralbiometrics.identity.privacy;

import io.behavioralbiometrics.core.bus.UserDeletion;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user exports or erases their own account (the subject of the token, never a path
 * parameter); administrators do it for any account under {@code /api/admin} (guarded by
 * the security configuration). The erasure status is readable without a token: its id is
 * an unguessable 122-bit capability handed only to the requester, and the erased user
 * has no valid way to log in any more.
 */
@RestController
class PrivacyController {

    private final AccountPrivacy privacy;

    PrivacyController(AccountPrivacy privacy) {
        this.privacy = privacy;
    }

    @GetMapping("/api/users/me/data")
    AccountExport exportOwn(@AuthenticationPrincipal Jwt jwt) {
        return export(subject(jwt));
    }

    @DeleteMapping("/api/users/me")
    ResponseEntity<ErasureAccepted> eraseOwn(@AuthenticationPrincipal Jwt jwt) {
        return accepted(privacy.erase(subject(jwt), UserDeletion.RequestedBy.SELF));
    }

    @GetMapping("/api/admin/users/{userId}/data")
    AccountExport exportAny(@PathVariable UUID userId) {
        return export(userId);
    }

    @DeleteMapping("/api/admin/users/{userId}")
    ResponseEntity<ErasureAccepted> eraseAny(@PathVariable UUID userId) {
        return accepted(privacy.erase(userId, UserDeletion.RequestedBy.ADMIN));
    }

    @GetMapping("/api/erasures/{erasureId}")
    ErasureStatus status(@PathVariable UUID erasureId) {
        return privacy.status(erasureId).orElseThrow(() -> new NotFoundException("No erasure " + erasureId));
    }

    private AccountExport export(UUID userId) {
        return privacy.export(userId).orElseThrow(() -> new NotFoundException("No account " + userId));
    }

    private static ResponseEntity<ErasureAccepted> accepted(UserDeletion deletion) {
        return ResponseEntity.accepted().location(URI.create("/api/erasures/" + deletion.erasureId()))
                .body(new ErasureAccepted(deletion.erasureId(), deletion.userId(), "accepted"));
    }

    private static UUID subject(Jwt jwt) {
        // The shared validator accepts only tokens whose subject is a UUID.
        return UUID.fromString(jwt.getSubject());
    }
}
