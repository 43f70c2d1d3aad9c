package io.behavioralbiometrics.core.web;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;

/**
 * Turns an unreadable JSON request body into a precise problem: 413 when the body is
 * longer than the service reads (Jackson's {@code max-document-length}), 400 naming
 * what is wrong otherwise (nesting, a number or string over its limit, a duplicated
 * property, malformed JSON at a line and column, a value of the wrong type at a path).
 * The detail is written here, never copied from the parser's message, so no part of
 * the input, no class name and no setting name reaches the client.
 */
public final class JsonBodyProblems {

    private static final int MAX_PATH = 120;

    private JsonBodyProblems() {
    }

    public static ProblemDetail of(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof StreamConstraintsException limit) {
            String message = String.valueOf(limit.getOriginalMessage());
            if (message.startsWith("Document length")) {
                return problem(HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
                        "body: is longer than this endpoint accepts");
            }
            return badRequest(constraintDetail(message));
        }
        if (cause instanceof StreamReadException read) {
            String message = String.valueOf(read.getOriginalMessage());
            if (message.startsWith("Duplicate Object property") || message.startsWith("Duplicate field")) {
                return badRequest("body: a property appears more than once" + at(read.getLocation()));
            }
            return badRequest("body: is not well-formed JSON" + at(read.getLocation()));
        }
        if (cause instanceof DatabindException binding) {
            String path = path(binding);
            return badRequest(path.isEmpty() || path.length() > MAX_PATH
                    ? "body: has the wrong JSON structure for this endpoint"
                    : path + ": has the wrong JSON type");
        }
        if (cause instanceof JacksonException) {
            return badRequest("body: is not readable JSON");
        }
        String message = ex.getMessage();
        if (message != null && message.startsWith("Required request body is missing")) {
            return badRequest("body: is required");
        }
        return badRequest("body: is not readable JSON");
    }

    private static String constraintDetail(String message) {
        if (message.contains("nesting depth")) {
            return "body: is nested too deeply";
        }
        if (message.startsWith("Number value length") || message.contains("number")) {
            return "body: holds a number with too many digits";
        }
        if (message.startsWith("String value length")) {
            return "body: holds a string that is too long";
        }
        if (message.startsWith("Name length")) {
            return "body: holds a property name that is too long";
        }
        return "body: exceeds a JSON size limit";
    }

    /** {@code events[3].x}, built from property names and indexes only (no class names). */
    private static String path(DatabindException binding) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : binding.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String at(@Nullable TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static ProblemDetail badRequest(String detail) {
        return problem(HttpStatus.BAD_REQUEST, "Unreadable request body", detail);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
