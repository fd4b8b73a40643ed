package io.vigil.notifier.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * What one webhook request came to, as the sender reports it.
 *
 * @param cause a short, bounded failure kind ({@code http_503}, {@code timeout}, {@code connection}); null on success
 * @param detail one line for the delivery log and dead letters; never the URL
 * @param retryAfter the server's {@code Retry-After}, already capped; null when it sent none
 * @param body what a successful request answered (the bot API's post, with its id); null otherwise
 */
public record SendResult(Verdict verdict, String cause, String detail, Duration retryAfter, String body) {

    /** How a request ended, seen from the retry loop. */
    public enum Verdict {
        /** The post was accepted. */
        DELIVERED,
        /** It failed in a way another attempt may fix (5xx, 429, timeout, connection). */
        RETRYABLE,
        /** Mattermost refused the post itself; sending it again would fail the same way. */
        PERMANENT
    }

    public SendResult {
        Objects.requireNonNull(verdict, "verdict");
    }

    public SendResult(Verdict verdict, String cause, String detail, Duration retryAfter) {
        this(verdict, cause, detail, retryAfter, null);
    }

    public static SendResult ok() {
        return new SendResult(Verdict.DELIVERED, null, null, null);
    }

    public static SendResult ok(String body) {
        return new SendResult(Verdict.DELIVERED, null, null, null, body);
    }

    public static SendResult retryable(String cause, String detail, Duration retryAfter) {
        return new SendResult(Verdict.RETRYABLE, cause, detail, retryAfter);
    }

    public static SendResult permanent(String cause, String detail) {
        return new SendResult(Verdict.PERMANENT, cause, detail, null);
    }

    /**
     * Whether the destination itself is broken rather than this post: unknown channel or post (404),
     * a bad or unauthorised token (401, 403). Every post to it will fail until someone fixes it.
     */
    public boolean channelBroken() {
        return verdict == Verdict.PERMANENT
                && ("http_401".equals(cause) || "http_403".equals(cause) || "http_404".equals(cause)
                        || detail != null && detail.contains("web.incoming_webhook.invalid.app_error"));
    }

    public boolean delivered() {
        return verdict == Verdict.DELIVERED;
    }

    public boolean retryable() {
        return verdict == Verdict.RETRYABLE;
    }
}
