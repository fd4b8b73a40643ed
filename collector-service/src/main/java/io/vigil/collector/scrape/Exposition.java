package io.vigil.collector.scrape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses what an exporter serves on {@code /metrics}: the Prometheus text format 0.0.4 and
 * OpenMetrics 1.0, told apart by the response's content type.
 *
 * <p>PLACEHOLDER (contract only): reads {@code name value} lines without labels; the full parser
 * replaces this body.
 */
public final class Exposition {

    private Exposition() {
    }

    /**
     * Every sample of {@code body}, in order.
     *
     * @param contentType the response's Content-Type ({@code text/plain; version=0.0.4},
     *     {@code application/openmetrics-text; version=1.0.0}); null: the text format
     * @throws ExpositionException on the first line that does not parse
     */
    public static List<ParsedSample> parse(String body, String contentType) throws ExpositionException {
        List<ParsedSample> out = new ArrayList<>();
        String[] lines = body.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length < 2) {
                throw new ExpositionException(i + 1, "expected a name and a value");
            }
            try {
                out.add(new ParsedSample(parts[0], Map.of(), Double.parseDouble(parts[1]), ParsedSample.NO_TIMESTAMP));
            } catch (NumberFormatException e) {
                throw new ExpositionException(i + 1, "'" + parts[1] + "' is not a number");
            }
        }
        return out;
    }
}
