package io.vigil.health.service;

/** A change the current state forbids (a provisioned check, a name in use); mapped to 409. */
public class ConflictException extends RuntimeException {

    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
