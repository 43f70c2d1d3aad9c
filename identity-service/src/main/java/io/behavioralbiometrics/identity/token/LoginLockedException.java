package io.behavioralbiometrics.identity.token;

import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 429 with {@code Retry-After}: too many failed logins for this account or address. */
class LoginLockedException extends ErrorResponseException {

    private final long retryAfterSeconds;

    LoginLockedException(Duration remaining) {
        this(Math.max(1, (remaining.toMillis() + 999) / 1000));
    }

    private LoginLockedException(long retryAfterSeconds) {
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
                "Too many failed logins; try again in " + retryAfterSeconds + " seconds.");
        problem.setTitle("Login temporarily locked");
        problem.setType(URI.create("urn:problem:identity:login-locked"));
        problem.setProperty("retryAfterSeconds", retryAfterSeconds);
        return problem;
    }
}
