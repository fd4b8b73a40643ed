package io.vigil.support.rest;

/** The thing a request names does not exist; {@code field} names the request part holding its key. */
public class NotFoundException extends RuntimeException {

    private final String field;

    public NotFoundException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
