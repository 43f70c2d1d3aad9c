package io.behavioralbiometrics.identity.token;

import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 429 with {@code Retry-After}: too many registrations from this address, or in all. */
class RegistrationThrottledException extends ErrorResponseException {

    private final long retryAfterSeconds;

    RegistrationThrottledException(Duration remaining) {
        this(Math.max(1, (remaining.toMillis() + 999) / 1000));
    }

    private RegistrationThrottledException(long retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, problem(retryAfterSeconds), null);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public HttpHeaders getHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return headers;
    }

    private static ProblemDetail problem(long retryAfterSeconds) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                "Too many registrations; try again in " + retryAfterSeconds + " seconds.");
        problem.setTitle("Registration temporarily throttled");
        problem.setType(URI.create("urn:problem:identity:registration-throttled"));
        problem.setProperty("retryAfterSeconds", retryAfterSeconds);
        return problem;
    }
}
