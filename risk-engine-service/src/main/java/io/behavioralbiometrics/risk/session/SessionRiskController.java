package io.behavioralbiometrics.risk.session;

import io.behavioralbiometrics.risk.web.AccessPolicy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The latest live risk of a session. Session ids come from browsers and are not unique
 * across users, so a user always reads their own row (the token's {@code sub}); another
 * user's session, or a session id only another user reported, is a 404 like an unknown one,
 * so the answer does not reveal that the id exists. An admin names the user with
 * {@code ?userId=}, or without it gets the row updated last of any user with that id.
 */
@RestController
class SessionRiskController {

    private final SessionRisks sessionRisks;

    SessionRiskController(SessionRisks sessionRisks) {
        this.sessionRisks = sessionRisks;
    }

    @Operation(summary = "Latest live risk of a session",
            description = "The caller's own session; admins any user's (userId, or else the latest of any user).")
    @SecurityRequirement(name = "bearer")
    @GetMapping("/risk/sessions/{sessionId}")
    SessionRisks.SessionRisk session(@PathVariable UUID sessionId,
            @Parameter(description = "Whose session (admins only; others may give only their own id)")
            @RequestParam(required = false) @Nullable UUID userId,
            Authentication authentication) {
        UUID caller = UUID.fromString(authentication.getName());
        Optional<SessionRisks.SessionRisk> risk;
        if (AccessPolicy.isAdmin(authentication)) {
            risk = userId == null ? sessionRisks.findLatestOfAnyUser(sessionId) : sessionRisks.find(userId, sessionId);
        } else if (userId == null || userId.equals(caller)) {
            risk = sessionRisks.find(caller, sessionId);
        } else {
            risk = Optional.empty();
        }
        return risk.orElseThrow(() -> notFound(sessionId));
    }

    private static ErrorResponseException notFound(UUID sessionId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No risk has been computed for session " + sessionId);
        problem.setTitle("Unknown session");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
