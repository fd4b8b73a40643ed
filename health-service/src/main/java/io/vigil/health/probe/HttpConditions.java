package io.vigil.health.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.config.HttpCheck;
import io.vigil.config.JsonPath;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The conditions of an HTTP check, in their fixed order: status, body-contains, body-matches, each
 * json-path. The first that does not hold is the answer, worded for the result.
 */
final class HttpConditions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpConditions() {
    }

    /**
     * The first condition {@code status}/{@code body} break, e.g. {@code status 503 not in [200]},
     * or null when all hold.
     *
     * @param deadlineNanos {@link System#nanoTime()} after which a regular expression gives up
     *     (a pathological pattern on a 1 MiB body must not hold an event loop)
     */
    static String firstFailure(HttpCheck.Expect expect, int status, String body, long deadlineNanos) {
        if (!expect.accepts(status)) {
            return "status " + status + " not in " + expect.status().stream().map(Object::toString)
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        if (expect.bodyContains() != null && !body.contains(expect.bodyContains())) {
            return "body does not contain " + quote(expect.bodyContains());
        }
        if (expect.bodyMatches() != null) {
            try {
                if (!expect.bodyMatches().matcher(new Bounded(body, deadlineNanos)).find()) {
                    return "body does not match " + quote(expect.bodyMatches().pattern());
                }
            } catch (Bounded.OutOfTime e) {
                return "body-matches " + quote(expect.bodyMatches().pattern()) + " ran out of time";
            }
        }
        if (!expect.jsonPath().isEmpty()) {
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                root = null;
            }
            if (root == null || root.isMissingNode()) {
                return "body is not JSON (json-path conditions need it)";
            }
            for (Map.Entry<String, String> c : expect.jsonPath().entrySet()) {
                String actual = JsonPath.parse(c.getKey()).readText(root);
                if (!c.getValue().equals(actual)) {
                    return c.getKey() + (actual == null ? " is missing" : " is " + quote(shorten(actual)))
                            + ", expected " + quote(c.getValue());
                }
            }
        }
        return null;
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static String shorten(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }

    /** A body that stops a regular expression once the deadline has passed. */
    private static final class Bounded implements CharSequence {

        /** Thrown from charAt; no stack trace, it is a verdict. */
        static final class OutOfTime extends RuntimeException {
            OutOfTime() {
                super(null, null, false, false);
            }
        }

        private final CharSequence text;
        private final long deadlineNanos;
        private int reads;

        Bounded(CharSequence text, long deadlineNanos) {
            this.text = text;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public char charAt(int index) {
            // Reading the clock on every call would slow matching down; every 4096 reads is enough.
            if ((++reads & 0xfff) == 0 && System.nanoTime() - deadlineNanos > 0) {
                throw new OutOfTime();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Bounded(text.subSequence(start, end), deadlineNanos);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
