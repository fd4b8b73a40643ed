package io.vigil.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code type: http}: one request, and what its answer must be.
 *
 * @param headers request headers; values may come from the environment in the file, and are never
 *     shown by the API (they may carry a token)
 * @param body request body, or null
 * @param verifyTls false accepts any certificate (self-signed, expired, wrong host); the expiry is
 *     still reported
 * @param followRedirects false: a 3xx answer is the result (and must be in {@code expect.status})
 */
public record HttpCheck(
        String method,
        URI url,
        Map<String, String> headers,
        String body,
        Expect expect,
        boolean verifyTls,
        boolean followRedirects) implements CheckKind {

    public static final String TYPE = "http";
    public static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /** Redirects followed at most, as browsers and blackbox_exporter do. */
    public static final int MAX_REDIRECTS = 10;

    public HttpCheck {
        Objects.requireNonNull(url, "url");
        method = method == null ? "GET" : method;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        expect = expect == null ? Expect.DEFAULT : expect;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String target() {
        return url.getHost();
    }

    @Override
    public String toString() {
        // Header values may be credentials.
        return "HttpCheck[" + method + " " + url + ", headers=" + headers.keySet() + ", expect=" + expect
                + ", verifyTls=" + verifyTls + ", followRedirects=" + followRedirects + "]";
    }

    /**
     * What the answer must be; every given condition must hold.
     *
     * @param status accepted status codes (each entry a code, or a class such as {@code 2xx} as 200..299)
     * @param bodyContains text the body must contain, or null
     * @param bodyMatches a regular expression found somewhere in the body, or null
     * @param jsonPath JSONPath ({@code $.status}, {@code $.checks[0].ok}) to the value it must have,
     *     compared as text ({@code true}, {@code 42}, {@code UP})
     * @param maxLatency slower answers are DEGRADED; null: no limit
     */
    public record Expect(List<StatusRange> status, String bodyContains, Pattern bodyMatches,
            Map<String, String> jsonPath, Duration maxLatency) {

        /** Any 2xx answer. */
        public static final Expect DEFAULT = new Expect(null, null, null, null, null);

        public Expect {
            status = status == null || status.isEmpty() ? List.of(new StatusRange(200, 299)) : List.copyOf(status);
            jsonPath = jsonPath == null ? Map.of() : Map.copyOf(jsonPath);
        }

        /** Whether {@code code} is an accepted status. */
        public boolean accepts(int code) {
            return status.stream().anyMatch(r -> r.contains(code));
        }

        @Override
        public boolean equals(Object o) {
            // Pattern has identity equality; compare the expression.
            return o instanceof Expect e && status.equals(e.status) && Objects.equals(bodyContains, e.bodyContains)
                    && Objects.equals(pattern(), e.pattern()) && jsonPath.equals(e.jsonPath)
                    && Objects.equals(maxLatency, e.maxLatency);
        }

        @Override
        public int hashCode() {
            return Objects.hash(status, bodyContains, pattern(), jsonPath, maxLatency);
        }

        private String pattern() {
            return bodyMatches == null ? null : bodyMatches.pattern();
        }
    }

    /** Status codes {@code from..to} inclusive; written as {@code 200} or {@code 2xx}. */
    public record StatusRange(int from, int to) {

        public boolean contains(int code) {
            return code >= from && code <= to;
        }

        @Override
        public String toString() {
            return from == to ? Integer.toString(from) : (from / 100) + "xx";
        }
    }
}
