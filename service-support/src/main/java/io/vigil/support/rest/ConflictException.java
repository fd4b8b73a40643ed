package io.vigil.support.rest;

/**
 * The request is well formed but the current state refuses it (a provisioned rule, a name in use,
 * an expired silence); {@code field} names the request part at fault, or null.
 */
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
