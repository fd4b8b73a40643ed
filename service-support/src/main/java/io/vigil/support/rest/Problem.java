package io.vigil.support.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 7807 problem body; {@code field} names the request parameter or property at fault. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem badRequest(String field, String detail) {
        return new Problem("about:blank", "Bad Request", 400, detail, field);
    }

    public static Problem notFound(String field, String detail) {
        return new Problem("about:blank", "Not Found", 404, detail, field);
    }

    public static Problem conflict(String field, String detail) {
        return new Problem("about:blank", "Conflict", 409, detail, field);
    }
}
