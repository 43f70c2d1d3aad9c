package io.behavioralbiometrics.risk.training;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 409: another training of the user is running (on this or another replica). */
class TrainingInProgressException extends ErrorResponseException {

    TrainingInProgressException(UUID userId) {
        super(HttpStatus.CONFLICT, problem(userId), null);
    }

    private static ProblemDetail problem(UUID userId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "A training of user " + userId + " is already running; its models are stored when it ends");
        problem.setTitle("Training in progress");
        return problem;
    }
}
