package io.vigil.support.rest;

/** A request the API refuses, naming the field at fault; mapped to a 400 problem body. */
public class BadRequestException extends RuntimeException {

    private final String field;

    public BadRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
