package io.vigil.alert.service;

/**
 * A source service (health-service, domain-service) the dashboard reads through this one did not
 * answer: refused, unreachable ({@code 502}) or too slow ({@code 504}).
 */
public class SourceUnavailableException extends RuntimeException {

    private final int status;

    public SourceUnavailableException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 502 (no answer) or 504 (no answer in time). */
    public int status() {
        return status;
    }
}
