package io.vigil.test.mattermost;

import java.time.Duration;
import java.util.Objects;

/**
 * A scripted answer for one request to a fake hook, used instead of the normal behaviour.
 *
 * <p>A scripted reply is not recorded as a post: it stands for Mattermost (or a proxy in front of
 * it) refusing or losing the request.
 */
public final class Reply {

    private final int status;
    private final Integer retryAfterSeconds;
    private final Duration stall;

    private Reply(int status, Integer retryAfterSeconds, Duration stall) {
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
        this.stall = stall;
    }

    /** Answers with this status and a Mattermost error body (for 2xx: text/plain {@code ok}, not recorded). */
    public static Reply status(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        return new Reply(status, null, null);
    }

    /** Answers 429 with {@code Retry-After: seconds}. */
    public static Reply tooManyRequests(int retryAfterSeconds) {
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("Retry-After must not be negative: " + retryAfterSeconds);
        }
        return new Reply(429, retryAfterSeconds, null);
    }

    /**
     * Holds the response for {@code duration} (past the client's timeout), then answers 504 as a
     * stuck proxy would; the post is not recorded.
     */
    public static Reply stall(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        return new Reply(504, null, duration);
    }

    public int status() {
        return status;
    }

    /** The Retry-After header in seconds, or null when none is sent. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** How long the answer is held back, or null when it is sent at once. */
    public Duration stall() {
        return stall;
    }

    @Override
    public String toString() {
        return stall != null ? "stall(" + stall + ")"
                : retryAfterSeconds != null ? "429(Retry-After: " + retryAfterSeconds + ")" : "status(" + status + ")";
    }
}
