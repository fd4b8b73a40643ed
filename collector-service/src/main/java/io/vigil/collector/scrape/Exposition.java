package io.vigil.collector.scrape;

import java.util.List;

/**
 * Parses what an exporter serves on {@code /metrics}: the Prometheus text format 0.0.4 and
 * OpenMetrics 1.0, told apart by the response's content type.
 *
 * <p><b>What is kept.</b> Every sample, in exposition order, under the name it is exposed with:
 * {@code _total}, {@code _created}, {@code _bucket}, {@code _sum}, {@code _count}, {@code _gsum},
 * {@code _gcount} and {@code _info} series included, the summary's {@code quantile} and the
 * histogram's {@code le} as ordinary labels. The caller filters (e.g. drops {@code _created}).
 * Dropped after being checked: {@code # HELP}, {@code # TYPE} and {@code # UNIT} lines, text-format
 * comments, and OpenMetrics exemplars. Timestamps become milliseconds: the text format's as given,
 * OpenMetrics' seconds rounded to the nearest millisecond.
 *
 * <p><b>What fails.</b> As in Prometheus, the whole exposition: the first line that breaks the
 * format throws {@link ExpositionException} with the line and a reason naming the input, e.g.
 * {@code line 7: label value of path not closed}, {@code line 3: 'abc' is not a number},
 * {@code line 12: sample of metric foo after its family ended},
 * {@code line 40: missing # EOF at the end (OpenMetrics requires it)}. Nothing else is thrown,
 * whatever the input. Checked besides the syntax: a family's lines are contiguous with its
 * metadata first, at most one HELP/TYPE/UNIT each; samples are series of their family's type
 * (an OpenMetrics counter {@code foo} exposes {@code foo_total}, not {@code foo}); bucket
 * {@code le} and summary {@code quantile} labels are numbers; label names are unique and not
 * {@code __name__}; a value out of double range is an error (Go's ParseFloat reports it, and
 * Prometheus rejects it).
 *
 * <p><b>Format differences honoured.</b> Text format: blanks and tabs in any number between tokens
 * and inside label braces, a trailing comma in labels, blank lines, any {@code #} comment, values
 * in Go's ParseFloat syntax (hex floats and digit underscores included), int64 millisecond
 * timestamps, no final newline. OpenMetrics: single spaces, no blank lines or free comments,
 * {@code \"} also escaped in HELP, decimal numbers only, float-second timestamps, {@code # EOF}
 * last. Both: {@code \r\n} line endings.
 *
 * <p><b>Not checked.</b> Relations between samples (bucket order, a {@code +Inf} bucket,
 * {@code _count} equal to it, counters non-negative, one label set's samples together), duplicate
 * series, exemplar placement and size: Prometheus leaves them to later stages too. Not supported:
 * the quoted UTF-8 metric and label names of Prometheus 3 ({@code {"my.metric"}}).
 */
public final class Exposition {

    private static final String OPENMETRICS = "application/openmetrics-text";

    private Exposition() {
    }

    /**
     * Every sample of {@code body}, in order.
     *
     * @param body the response body; null reads as empty
     * @param contentType the response's Content-Type ({@code text/plain; version=0.0.4},
     *     {@code application/openmetrics-text; version=1.0.0}); null or anything else: the text
     *     format
     * @throws ExpositionException on the first line that does not parse, or if OpenMetrics lacks
     *     its {@code # EOF}
     */
    public static List<ParsedSample> parse(String body, String contentType) throws ExpositionException {
        return new ExpositionReader(body, isOpenMetrics(contentType)).read();
    }

    /** Whether a Content-Type announces OpenMetrics (any version, any parameters). */
    static boolean isOpenMetrics(String contentType) {
        if (contentType == null) {
            return false;
        }
        int i = 0;
        while (i < contentType.length() && Character.isWhitespace(contentType.charAt(i))) {
            i++;
        }
        int end = i + OPENMETRICS.length();
        return contentType.regionMatches(true, i, OPENMETRICS, 0, OPENMETRICS.length())
                && (end == contentType.length() || contentType.charAt(end) == ';'
                        || Character.isWhitespace(contentType.charAt(end)));
    }
}
