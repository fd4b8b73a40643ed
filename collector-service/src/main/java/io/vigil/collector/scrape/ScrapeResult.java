package io.vigil.collector.scrape;

import java.util.List;
import java.util.Objects;

/**
 * What one scrape of a target gave: the exposition's samples, or why there are none.
 *
 * @param samples as parsed; empty when the scrape failed
 * @param reason null on success, else a short fixed word for rules and the {@code scrape_error}
 *     sample: {@code timeout}, {@code refused}, {@code http_503}, {@code parse}, ...
 * @param detail what exactly went wrong, for the log line (never a secret); null on success
 * @param seconds from the request until the samples were parsed (or the failure known)
 */
public record ScrapeResult(List<ParsedSample> samples, String reason, String detail, double seconds) {

    public ScrapeResult {
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    public static ScrapeResult ok(List<ParsedSample> samples, double seconds) {
        return new ScrapeResult(samples, null, null, seconds);
    }

    public static ScrapeResult failed(String reason, String detail, double seconds) {
        return new ScrapeResult(List.of(), Objects.requireNonNull(reason, "reason"), detail, seconds);
    }

    public boolean up() {
        return reason == null;
    }
}
