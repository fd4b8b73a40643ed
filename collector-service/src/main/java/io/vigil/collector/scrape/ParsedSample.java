package io.vigil.collector.scrape;

import java.util.Map;
import java.util.Objects;

/**
 * One sample of a scraped exposition, as the exporter wrote it: the series name (with
 * {@code _bucket}, {@code _sum}, {@code _count}, {@code _total} suffixes as exposed), its labels
 * (unescaped), the value (NaN and ±Inf included) and the exporter's timestamp if it gave one.
 *
 * @param timestampMillis milliseconds since the epoch, or {@link #NO_TIMESTAMP}
 */
public record ParsedSample(String name, Map<String, String> labels, double value, long timestampMillis) {

    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    public ParsedSample {
        Objects.requireNonNull(name, "name");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
