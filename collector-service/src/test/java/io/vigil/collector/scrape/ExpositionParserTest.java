package io.vigil.collector.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The text format 0.0.4, rule by rule: what parses to which samples, what fails with which reason.
 * Its static helpers serve the other exposition tests too.
 */
class ExpositionParserTest {

    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final long NONE = ParsedSample.NO_TIMESTAMP;

    static List<ParsedSample> text(String body) throws ExpositionException {
        return Exposition.parse(body, TEXT);
    }

    static List<ParsedSample> openMetrics(String body) throws ExpositionException {
        return Exposition.parse(body, OPENMETRICS);
    }

    static ParsedSample sample(String name, Map<String, String> labels, double value, long timestampMillis) {
        return new ParsedSample(name, labels, value, timestampMillis);
    }

    /** Asserts that {@code parse} fails on {@code line} with exactly {@code reason}. */
    static void failure(ThrowingCallable parse, int line, String reason) {
        ExpositionException e = failure(parse);
        assertThat(e.getMessage()).isEqualTo("line " + line + ": " + reason);
        assertThat(e.line()).isEqualTo(line);
    }

    static ExpositionException failure(ThrowingCallable parse) {
        Throwable thrown = catchThrowable(parse);
        assertThat(thrown).as("parse must fail with an ExpositionException").isInstanceOf(ExpositionException.class);
        return (ExpositionException) thrown;
    }

    // ---- samples -----------------------------------------------------------------------------

    @Test
    void readsNameLabelsValueAndTimestamp() throws Exception {
        assertThat(text("http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n"))
                .containsExactly(sample("http_requests_total", Map.of("method", "post", "code", "200"), 1027,
                        1395066363000L));
    }

    @Test
    void readsSampleWithoutLabelsOrTimestamp() throws Exception {
        assertThat(text("up 1\n")).containsExactly(sample("up", Map.of(), 1, NONE));
    }

    @Test
    void readsEmptyLabelSet() throws Exception {
        assertThat(text("up{} 1\n")).containsExactly(sample("up", Map.of(), 1, NONE));
    }

    @Test
    void acceptsTrailingCommaInLabels() throws Exception {
        assertThat(text("up{a=\"1\",} 1\n")).containsExactly(sample("up", Map.of("a", "1"), 1, NONE));
    }

    @Test
    void acceptsBlanksAndTabsBetweenTokensAndInsideLabels() throws Exception {
        assertThat(text("  up \t{ a = \"1\" ,\tb=\"2\" , }  \t 3   -5  \t\n"))
                .containsExactly(sample("up", Map.of("a", "1", "b", "2"), 3, -5));
    }

    @Test
    void unescapesLabelValues() throws Exception {
        assertThat(text("m{path=\"C:\\\\dir\\\\\",q=\"say \\\"hi\\\"\",ml=\"a\\nb\"} 1\n")).containsExactly(
                sample("m", Map.of("path", "C:\\dir\\", "q", "say \"hi\"", "ml", "a\nb"), 1, NONE));
    }

    @Test
    void keepsUnicodeAndRawSpecialCharactersInLabelValues() throws Exception {
        assertThat(text("m{v=\"größe ✓ 😀 {}=, #\t\"} 1\n"))
                .containsExactly(sample("m", Map.of("v", "größe ✓ 😀 {}=, #\t"), 1, NONE));
    }

    @Test
    void acceptsColonsInMetricNames() throws Exception {
        assertThat(text("job:http_errors:rate5m 0.5\n_x 1\n"))
                .extracting(ParsedSample::name).containsExactly("job:http_errors:rate5m", "_x");
    }

    @Test
    void readsNegativeAndSignedTimestamps() throws Exception {
        assertThat(text("a 1 -1000\nb 1 +1000\n")).extracting(ParsedSample::timestampMillis)
                .containsExactly(-1000L, 1000L);
    }

    @Test
    void readsCrLfLinesBlankLinesAndNoFinalNewline() throws Exception {
        assertThat(text("# HELP a x\r\n\r\na 1\r\n\n   \nb{l=\"v\"} 2 7"))
                .containsExactly(sample("a", Map.of(), 1, NONE), sample("b", Map.of("l", "v"), 2, 7));
    }

    @Test
    void readsEmptyAndNullBodiesAsNoSamples() throws Exception {
        assertThat(text("")).isEmpty();
        assertThat(Exposition.parse(null, null)).isEmpty();
    }

    @Test
    void ignoresPlainComments() throws Exception {
        assertThat(text("# just a comment\n#no space\n# HELP\n# TYPE\n#\n# EOF\na 1\n")).hasSize(1);
    }

    @Test
    void takesUnknownContentTypesAsTextFormat() throws Exception {
        assertThat(Exposition.parse("a 1\n", "text/plain")).hasSize(1);
        assertThat(Exposition.parse("a 1\n", null)).hasSize(1);
        assertThat(Exposition.parse("a 1\n", "application/json")).hasSize(1);
    }

    @Test
    void keepsSamplesInExpositionOrder() throws Exception {
        List<ParsedSample> samples = text("b 1\na 2\nc 3\n");
        assertThat(samples).extracting(ParsedSample::name).containsExactly("b", "a", "c");
    }

    // ---- metadata ------------------------------------------------------------------------------

    @Test
    void readsHelpWithEscapesAndTypeLines() throws Exception {
        String body = "# HELP go_gc A summary.\\nSecond line with \\\\ backslash.\n"
                + "# TYPE go_gc summary\n"
                + "go_gc{quantile=\"0.5\"} 0.001\n"
                + "go_gc_sum 2\n"
                + "go_gc_count 3\n";
        assertThat(text(body)).extracting(ParsedSample::name).containsExactly("go_gc", "go_gc_sum", "go_gc_count");
    }

    @Test
    void acceptsHelpWithoutText() throws Exception {
        assertThat(text("# HELP a\n# TYPE a gauge\na 1\n")).hasSize(1);
    }

    @Test
    void readsHistogramSeries() throws Exception {
        String body = "# TYPE rpc histogram\n"
                + "rpc_bucket{le=\"0.05\"} 24054\n"
                + "rpc_bucket{le=\"+Inf\"} 144320\n"
                + "rpc_sum 53423\n"
                + "rpc_count 144320\n";
        assertThat(text(body)).containsExactly(
                sample("rpc_bucket", Map.of("le", "0.05"), 24054, NONE),
                sample("rpc_bucket", Map.of("le", "+Inf"), 144320, NONE),
                sample("rpc_sum", Map.of(), 53423, NONE),
                sample("rpc_count", Map.of(), 144320, NONE));
    }

    @Test
    void readsEveryTextFormatType() throws Exception {
        String body = "# TYPE c counter\nc 1\n# TYPE g gauge\ng 1\n# TYPE u untyped\nu 1\n"
                + "# TYPE h histogram\nh_count 1\n# TYPE s summary\ns_count 1\n";
        assertThat(text(body)).hasSize(5);
    }

    @Test
    void failsOnUnknownType() {
        failure(() -> text("# TYPE a gaugehistogram\n"), 1,
                "'gaugehistogram' is not a metric type (expected one of counter, gauge, histogram, summary, untyped)");
        failure(() -> text("# TYPE a Counter\n"), 1,
                "'Counter' is not a metric type (expected one of counter, gauge, histogram, summary, untyped)");
    }

    @Test
    void failsOnTypeLineWithoutTypeOrWithTrailingWords() {
        failure(() -> text("# TYPE a\n"), 1, "TYPE line for metric a names no type");
        failure(() -> text("# TYPE a gauge extra\n"), 1, "unexpected 'extra' after the type");
    }

    @Test
    void failsOnInvalidMetricNameInMetadata() {
        failure(() -> text("# HELP 1a help\n"), 1, "invalid metric name '1a' in HELP line");
        failure(() -> text("# TYPE a-b gauge\n"), 1, "invalid metric name 'a-b' in TYPE line");
    }

    @Test
    void failsOnInvalidEscapeInHelp() {
        failure(() -> text("# HELP a say \\\"x\\\"\n"), 1, "invalid escape '\\\"' in HELP text (expected \\\\ or \\n)");
        failure(() -> text("# HELP a trailing \\\n"), 1, "HELP text ends in a lone '\\'");
    }

    @Test
    void failsOnSecondHelpOrTypeLine() {
        failure(() -> text("# HELP a x\n# HELP a y\n"), 2, "second HELP line for metric a");
        failure(() -> text("# TYPE a gauge\n# HELP a x\n# TYPE a counter\n"), 3, "second TYPE line for metric a");
    }

    @Test
    void failsOnMetadataAfterSamples() {
        failure(() -> text("a 1\n# TYPE a gauge\n"), 2, "TYPE line for metric a after its samples");
        failure(() -> text("# TYPE a gauge\na 1\n# HELP a late\n"), 3, "HELP line for metric a after its samples");
    }

    @Test
    void failsOnMetadataOfEndedFamily() {
        failure(() -> text("# HELP a x\na 1\nb 1\n# TYPE a gauge\n"), 4,
                "TYPE line for metric a after its family ended");
    }

    // ---- families ------------------------------------------------------------------------------

    @Test
    void failsOnSampleAfterItsFamilyEnded() {
        failure(() -> text("a 1\nb 1\na{x=\"1\"} 2\n"), 3, "sample of metric a after its family ended");
    }

    @Test
    void failsOnHistogramSeriesAfterItsFamilyEnded() {
        String body = "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1\nother 1\nh_sum 4\n";
        failure(() -> text(body), 5, "sample of metric h after its family ended");
    }

    @Test
    void startsAFamilyForUntypedSuffixedNames() throws Exception {
        // No TYPE: foo_sum is a family of its own, not a series of foo.
        assertThat(text("foo 1\nfoo_sum 2\nfoo_count 3\n")).hasSize(3);
    }

    @Test
    void failsOnSampleThatDoesNotFitItsFamily() {
        failure(() -> text("# TYPE h histogram\nh 1\n"), 2,
                "sample h does not fit histogram h (expected h_bucket, h_sum or h_count)");
    }

    @Test
    void failsOnHistogramBucketWithoutOrWithBadLe() {
        failure(() -> text("# TYPE h histogram\nh_bucket 1\n"), 2, "histogram bucket h_bucket has no le label");
        failure(() -> text("# TYPE h histogram\nh_bucket{le=\"big\"} 1\n"), 2,
                "le label 'big' of h_bucket is not a number");
    }

    @Test
    void failsOnSummaryQuantileWithoutOrWithBadQuantile() {
        failure(() -> text("# TYPE s summary\ns 1\n"), 2, "summary quantile s has no quantile label");
        failure(() -> text("# TYPE s summary\ns{quantile=\"\"} 1\n"), 2, "quantile label '' of s is not a number");
    }

    @Test
    void acceptsTextFormatCounterWithoutTotalSuffix() throws Exception {
        assertThat(text("# TYPE frees counter\nfrees 665\n")).containsExactly(sample("frees", Map.of(), 665, NONE));
    }

    // ---- sample syntax errors ------------------------------------------------------------------

    @Test
    void failsOnUnclosedLabelValue() {
        failure(() -> text("a 1\nm{path=\"/x} 1\n"), 2, "label value of path not closed");
        failure(() -> text("m{path=\"/x\\\"} 1\n"), 1, "label value of path not closed");
    }

    @Test
    void failsOnUnclosedLabels() {
        failure(() -> text("m{a=\"1\" 1\n"), 1, "',' or '}' expected after the value of label a, found '1'");
        failure(() -> text("m{a=\"1\",\n"), 1, "labels not closed");
        failure(() -> text("m{\n"), 1, "labels not closed");
    }

    @Test
    void failsOnInvalidEscapeInLabelValue() {
        failure(() -> text("m{a=\"x\\ty\"} 1\n"), 1,
                "invalid escape '\\t' in the value of label a (expected \\\\, \\\" or \\n)");
    }

    @Test
    void failsOnDuplicateLabel() {
        failure(() -> text("m{a=\"1\",b=\"2\",a=\"3\"} 1\n"), 1, "duplicate label a");
    }

    @Test
    void failsOnReservedLabelName() {
        failure(() -> text("m{__name__=\"x\"} 1\n"), 1, "label name __name__ is reserved");
    }

    @Test
    void failsOnBadLabelSyntax() {
        failure(() -> text("m{1a=\"x\"} 1\n"), 1, "label name expected, found '1a=\"x\"}'");
        failure(() -> text("m{a:b=\"x\"} 1\n"), 1, "'=' expected after label name a");
        failure(() -> text("m{a=x} 1\n"), 1, "label value of a must start with '\"'");
        failure(() -> text("m{,} 1\n"), 1, "label name expected, found ',}'");
    }

    @Test
    void failsOnMissingValue() {
        failure(() -> text("a\n"), 1, "sample of metric a has no value");
        failure(() -> text("a{b=\"c\"}   \n"), 1, "sample of metric a has no value");
    }

    @Test
    void failsOnValueThatIsNoNumber() {
        failure(() -> text("a 1\nb 2\nc abc\n"), 3, "'abc' is not a number");
        failure(() -> text("a 1,5\n"), 1, "'1,5' is not a number");
    }

    @Test
    void failsOnValueWithoutBlankBeforeIt() {
        failure(() -> text("a{b=\"c\"}1\n"), 1, "expected whitespace before the value, found '1'");
        failure(() -> text("a-1 2\n"), 1, "unexpected '-1' after metric name a");
    }

    @Test
    void failsOnLineStartingWithoutMetricName() {
        failure(() -> text("{a=\"b\"} 1\n"), 1, "metric name expected, found '{a=\"b\"}'");
        failure(() -> text("9lives 1\n"), 1, "metric name expected, found '9lives'");
    }

    @Test
    void failsOnTimestampThatIsNoInteger() {
        failure(() -> text("a 1 1.5\n"), 1, "'1.5' is not a timestamp (integer milliseconds)");
        failure(() -> text("a 1 9223372036854775808\n"), 1, "'9223372036854775808' is out of range");
    }

    @Test
    void failsOnAnythingAfterTheTimestamp() {
        failure(() -> text("a 1 2 3\n"), 1, "unexpected '3' after the timestamp");
        failure(() -> text("a 1 2 # comment\n"), 1, "unexpected '# comment' after the timestamp");
    }

    @Test
    void countsLinesAcrossCrLfAndBlankLines() {
        failure(() -> text("a 1\r\n\r\n# x\r\nb x\r\n"), 4, "'x' is not a number");
    }

    @Test
    void shortensLongInputInReasons() {
        String longValue = "x".repeat(100);
        ExpositionException e = failure(() -> text("a " + longValue + "\n"));
        assertThat(e.getMessage()).isEqualTo("line 1: '" + "x".repeat(40) + "...' is not a number");
    }
}
