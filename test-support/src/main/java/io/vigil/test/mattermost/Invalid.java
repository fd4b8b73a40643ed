package io.vigil.test.mattermost;

/**
 * A request the fake refuses, with the status and the Mattermost error id to answer with; thrown
 * instead of returned so that a check deep in a payload can stop the whole request.
 */
final class Invalid extends Exception {

    final int status;
    final String id;
    final String detail;

    Invalid(int status, String id, String message, String detail) {
        // No stack trace: it is an answer, not a fault of the fake.
        super(message, null, false, false);
        this.status = status;
        this.id = id;
        this.detail = detail;
    }
}
