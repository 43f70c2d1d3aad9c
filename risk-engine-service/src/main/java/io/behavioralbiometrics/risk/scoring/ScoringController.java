package io.behavioralbiometrics.risk.scoring;

import io.behavioralbiometrics.core.event.BehavioralEvent;
import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.risk.RiskProperties;
import io.behavioralbiometrics.risk.web.AccessPolicy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
class ScoringController {

    private final SessionScorer scorer;
    private final EventCodec codec;
    private final RiskProperties.Scoring settings;
    private final ScoreRateLimit rateLimit;

    ScoringController(SessionScorer scorer, EventCodec codec, RiskProperties properties, ScoreRateLimit rateLimit) {
        this.scorer = scorer;
        this.codec = codec;
        this.settings = properties.scoring();
        this.rateLimit = rateLimit;
    }

    @Operation(summary = "Score events against the user's latest model",
            description = "The user themself or an admin. At least 10 events; 404 when the user has no model "
                    + "for the events' modality, 422 when the events make no complete window, 429 with Retry-After "
                    + "when the user's own token made more than bb.risk.scoring.requests-per-window requests in "
                    + "the window.")
    @SecurityRequirement(name = "bearer")
    @PostMapping("/model/score/{userId}")
    ScoreResponse score(@PathVariable UUID userId, @RequestBody ScoreRequest request, Authentication authentication) {
        // Who may score comes before what is wrong with the body, so others learn nothing from it.
        AccessPolicy.requireSelfOrAdmin(authentication, userId);
        if (!AccessPolicy.isAdmin(authentication)) {
            rateLimit.refusal(userId).ifPresent(wait -> {
                throw tooManyRequests(userId, wait);
            });
        }
        List<BehavioralEvent> events = decode(request.events());
        SessionScorer.Assessment assessment = scorer.assess(userId, events);
        if (!assessment.modelFound()) {
            throw problem(HttpStatus.NOT_FOUND, "No model",
                    "User " + userId + " has no trained model for these events; train one with POST /model/train/"
                            + userId);
        }
        SessionScorer.Part decisive = assessment.decisive().orElseThrow(() -> problem(
                HttpStatus.UNPROCESSABLE_CONTENT, "Not enough events to score",
                "events: the " + events.size() + " events make no complete feature window"));
        return ScoreResponse.of(decisive, assessment.parts());
    }

    private List<BehavioralEvent> decode(@Nullable List<JsonNode> nodes) {
        if (nodes == null) {
            throw badRequest("events: is required");
        }
        if (nodes.size() < settings.minEvents()) {
            throw badRequest("events: must hold at least " + settings.minEvents() + " events, got " + nodes.size());
        }
        if (nodes.size() > settings.maxEvents()) {
            throw badRequest("events: must hold at most " + settings.maxEvents() + " events, got " + nodes.size());
        }
        List<BehavioralEvent> events = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            events.add(codec.decodeEvent(nodes.get(i), "events[" + i + "]", null));
        }
        return events;
    }

    private ErrorResponseException tooManyRequests(UUID userId, Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        ErrorResponseException refused = problem(HttpStatus.TOO_MANY_REQUESTS, "Too many score requests",
                "User " + userId + " made more than " + settings.requestsPerWindow() + " score requests within "
                        + settings.rateWindow().toSeconds() + " s; the next is possible in " + seconds + " s");
        refused.getBody().setProperty("retryAfterSeconds", seconds);
        refused.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return refused;
    }

    private static ErrorResponseException badRequest(String detail) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid events", detail);
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
