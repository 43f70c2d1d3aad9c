package io.behavioralbiometrics.risk.session;

import io.behavioralbiometrics.risk.web.AccessPolicy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SessionRiskController {

    private final SessionRisks sessionRisks;

    SessionRiskController(SessionRisks sessionRisks) {
        this.sessionRisks = sessionRisks;
    }

    @Operation(summary = "Latest live risk of a session", description = "The session's owner or an admin.")
    @SecurityRequirement(name = "bearer")
    @GetMapping("/risk/sessions/{sessionId}")
    SessionRisks.SessionRisk session(@PathVariable UUID sessionId, Authentication authentication) {
        SessionRisks.SessionRisk risk = sessionRisks.find(sessionId).orElseThrow(() -> notFound(sessionId));
        AccessPolicy.requireSelfOrAdmin(authentication, risk.userId());
        return risk;
    }

    private static ErrorResponseException notFound(UUID sessionId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No risk has been computed for session " + sessionId);
        problem.setTitle("Unknown session");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
