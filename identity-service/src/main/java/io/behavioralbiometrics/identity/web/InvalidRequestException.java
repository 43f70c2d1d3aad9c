package io.behavioralbiometrics.identity.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 400 listing each invalid field. Unlike {@code MethodArgumentNotValidException}, neither
 * its message nor its body carries the rejected values, so a password that fails
 * validation cannot reach a (debug) log line or a response.
 */
public class InvalidRequestException extends ErrorResponseException {

    public record FieldProblem(String field, String message) {
    }

    private final List<FieldProblem> errors;

    public InvalidRequestException(List<FieldProblem> errors) {
        super(HttpStatus.BAD_REQUEST, problem(errors), null);
        this.errors = List.copyOf(errors);
    }

    /** Validates {@code request} with Bean Validation; throws if any constraint fails. */
    public static <T> T requireValid(Validator validator, T request) {
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations.stream()
                    .map(v -> new FieldProblem(v.getPropertyPath().toString(), v.getMessage()))
                    .sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message))
                    .toList());
        }
        return request;
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    @Override
    public String getMessage() {
        return "Invalid request: " + describe(errors);
    }

    static ProblemDetail problem(List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                errors.isEmpty() ? "The request is invalid." : describe(errors));
        problem.setTitle("Invalid request");
        problem.setType(URI.create("urn:problem:identity:validation"));
        problem.setProperty("errors", errors.stream()
                .map(e -> Map.of("field", e.field(), "message", e.message())).toList());
        return problem;
    }

    private static String describe(List<FieldProblem> errors) {
        return errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
    }
}
