package com.beatgen.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem ({@code application/problem+json}). The detail is written for the client: never a stack trace,
 * SQL or a secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<ParameterError> errors) {

    /** What is wrong with one parameter (query, path or body property). */
    public record ParameterError(String parameter, String message) {
    }

    public static Problem badRequest(List<ParameterError> errors) {
        return new Problem("about:blank", "Bad Request", 400, errors.size() == 1
                ? "Invalid parameter '" + errors.get(0).parameter() + "': " + errors.get(0).message()
                : errors.size() + " invalid parameters", List.copyOf(errors));
    }

    public static Problem badRequest(String parameter, String message) {
        return badRequest(List.of(new ParameterError(parameter, message)));
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null);
    }
}
