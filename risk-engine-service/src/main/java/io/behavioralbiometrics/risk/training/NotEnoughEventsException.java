package io.behavioralbiometrics.risk.training;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 422: the user's stored behaviour is not yet enough to learn from; says how much more is needed. */
class NotEnoughEventsException extends ErrorResponseException {

    private NotEnoughEventsException(String detail, int eventsNeeded, Map<String, Object> properties) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, problem(detail, eventsNeeded, properties), null);
    }

    private static ProblemDetail problem(String detail, int eventsNeeded, Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, detail);
        problem.setTitle("Not enough events to train");
        problem.setProperty("eventsNeeded", eventsNeeded);
        properties.forEach(problem::setProperty);
        return problem;
    }

    static NotEnoughEventsException tooFewEvents(UUID userId, int usable, int required) {
        int needed = required - usable;
        return new NotEnoughEventsException("User " + userId + " has " + usable + " usable events; at least "
                + required + " are needed to train, " + needed + " more",
                needed, Map.of("eventsAvailable", usable, "eventsRequired", required));
    }

    /** @param featureSets what each feature set had and lacked */
    static NotEnoughEventsException tooFewWindows(UUID userId, int usable, List<SkippedFeatureSet> featureSets) {
        int needed = featureSets.stream().mapToInt(SkippedFeatureSet::eventsNeeded).min().orElse(0);
        return new NotEnoughEventsException("User " + userId + "'s " + usable + " events make too few feature "
                + "windows for any model; about " + needed + " more events are needed",
                needed, Map.of("eventsAvailable", usable, "featureSets", featureSets));
    }
}
