package io.behavioralbiometrics.identity.token;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 401 for any failed login: the same body whether the email exists or the password is wrong. */
class InvalidCredentialsException extends ErrorResponseException {

    InvalidCredentialsException() {
        super(HttpStatus.UNAUTHORIZED, problem(), null);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                "The email or password is incorrect.");
        problem.setTitle("Invalid credentials");
        problem.setType(URI.create("urn:problem:identity:invalid-credentials"));
        return problem;
    }
}
