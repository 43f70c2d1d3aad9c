package io.behavioralbiometrics.identity.account;

import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 503 with {@code Retry-After}: every password-hashing slot stayed busy for the whole wait. */
public class HashingBusyException extends ErrorResponseException {

    static final long RETRY_AFTER_SECONDS = 1;

    public HashingBusyException() {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(), null);
    }

    @Override
    public HttpHeaders getHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
        return headers;
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Too many password checks in progress; try again in " + RETRY_AFTER_SECONDS + " second.");
        problem.setTitle("Service busy");
        problem.setType(URI.create("urn:problem:identity:hashing-busy"));
        problem.setProperty("retryAfterSeconds", RETRY_AFTER_SECONDS);
        return problem;
    }
}
