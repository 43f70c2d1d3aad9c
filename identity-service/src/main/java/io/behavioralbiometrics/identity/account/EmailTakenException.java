package io.behavioralbiometrics.identity.account;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 409: an account with this email already exists. */
public class EmailTakenException extends ErrorResponseException {

    public EmailTakenException() {
        super(HttpStatus.CONFLICT, problem(), null);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "email: an account with this email already exists");
        problem.setTitle("Email already registered");
        problem.setType(URI.create("urn:problem:identity:email-taken"));
        return problem;
    }
}
