package io.behavioralbiometrics.risk.training;

import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 429 with {@code Retry-After}: the user's last requested training succeeded within the cooldown. */
class TrainingCooldownException extends ErrorResponseException {

    TrainingCooldownException(UUID userId, long retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, problem(userId, retryAfterSeconds), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }

    private static ProblemDetail problem(UUID userId, long retryAfterSeconds) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                "User " + userId + " was trained moments ago; the next training is possible in "
                        + retryAfterSeconds + " s");
        problem.setTitle("Trained too recently");
        problem.setProperty("retryAfterSeconds", retryAfterSeconds);
        return problem;
    }
}
