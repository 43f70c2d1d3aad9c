package io.behavioralbiometrics.identity.token;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 401: the refresh token is unknown, expired, revoked or already used. */
class InvalidRefreshTokenException extends ErrorResponseException {

    InvalidRefreshTokenException() {
        super(HttpStatus.UNAUTHORIZED, problem(), null);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                "refreshToken: the refresh token is invalid, expired or revoked; log in again");
        problem.setTitle("Invalid refresh token");
        problem.setType(URI.create("urn:problem:identity:invalid-refresh-token"));
        return problem;
    }
}
