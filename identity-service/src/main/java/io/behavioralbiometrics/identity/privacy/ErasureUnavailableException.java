package io.behavioralbiometrics.identity.privacy;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The bus is unreachable, so nothing was deleted: the request can simply be repeated. */
class ErasureUnavailableException extends ErrorResponseException {

    ErasureUnavailableException(Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(), cause);
        getHeaders().set(HttpHeaders.RETRY_AFTER, "30");
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The erasure could not be announced to the other services; nothing was deleted. Try again later.");
        problem.setTitle("Erasure unavailable");
        return problem;
    }
}
