package io.vigil.collector.scrape;

import static io.vigil.collector.scrape.ExpositionParserTest.failure;
import static io.vigil.collector.scrape.ExpositionParserTest.openMetrics;
import static io.vigil.collector.scrape.ExpositionParserTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OpenMetrics 1.0, rule by rule, where it differs from the text format or adds to it. */
class OpenMetricsParserTest {

    private static final long NONE = ParsedSample.NO_TIMESTAMP;

    @Test
    void readsTheSpecificationsSummaryExample() throws Exception {
        String body = "# TYPE acme_http_router_request_seconds summary\n"
                + "# UNIT acme_http_router_request_seconds seconds\n"
                + "# HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.\n"
                + "acme_http_router_request_seconds_sum{path=\"/api/v1\",method=\"GET\"} 9036.32\n"
                + "acme_http_router_request_seconds_count{path=\"/api/v1\",method=\"GET\"} 807283.0\n"
                + "acme_http_router_request_seconds_created{path=\"/api/v1\",method=\"GET\"} 1605281325.0\n"
                + "# EOF\n";
        Map<String, String> labels = Map.of("path", "/api/v1", "method", "GET");
        assertThat(openMetrics(body)).containsExactly(
                sample("acme_http_router_request_seconds_sum", labels, 9036.32, NONE),
                sample("acme_http_router_request_seconds_count", labels, 807283, NONE),
                sample("acme_http_router_request_seconds_created", labels, 1605281325, NONE));
    }

    @Test
    void readsCounterAsTotalAndCreatedWithExemplar() throws Exception {
        String body = "# TYPE foo counter\n"
                + "# HELP foo Some \\\"quoted\\\" text.\n"
                + "foo_total 17.0 1520879607.789 # {trace_id=\"KOO5S4vxi0o\"} 0.67\n"
                + "foo_created 1520430000.123 1520879607.789\n"
                + "# EOF\n";
        assertThat(openMetrics(body)).containsExactly(
                sample("foo_total", Map.of(), 17, 1520879607789L),
                sample("foo_created", Map.of(), 1520430000.123, 1520879607789L));
    }

    @Test
    void readsHistogramWithExemplarsOnBuckets() throws Exception {
        String body = "# TYPE rpc_seconds histogram\n"
                + "# UNIT rpc_seconds seconds\n"
                + "rpc_seconds_bucket{le=\"0.01\"} 0\n"
                + "rpc_seconds_bucket{le=\"0.1\"} 8 # {} 0.054\n"
                + "rpc_seconds_bucket{le=\"+Inf\"} 17 # {trace_id=\"oHg5SJYRHA0\",span=\"x\"} 9.8 1520879607.789\n"
                + "rpc_seconds_count 17\n"
                + "rpc_seconds_sum 324789.3\n"
                + "rpc_seconds_created 1520430000.123\n"
                + "# EOF\n";
        assertThat(openMetrics(body)).extracting(ParsedSample::name).containsExactly("rpc_seconds_bucket",
                "rpc_seconds_bucket", "rpc_seconds_bucket", "rpc_seconds_count", "rpc_seconds_sum",
                "rpc_seconds_created");
    }

    @Test
    void readsGaugeHistogramInfoStateSetAndUnknown() throws Exception {
        String body = "# TYPE q gaugehistogram\n"
                + "q_bucket{le=\"1\"} 2\nq_bucket{le=\"+Inf\"} 3\nq_gcount 3\nq_gsum 5\n"
                + "# TYPE build info\n"
                + "build_info{version=\"1.2\"} 1\n"
                + "# TYPE state stateset\n"
                + "state{state=\"a\"} 1\nstate{state=\"b\"} 0\n"
                + "# TYPE other unknown\n"
                + "other 4\n"
                + "# TYPE g gauge\n"
                + "g -1.5e-3\n"
                + "# EOF";
        List<ParsedSample> samples = openMetrics(body);
        assertThat(samples).extracting(ParsedSample::name).containsExactly("q_bucket", "q_bucket", "q_gcount",
                "q_gsum", "build_info", "state", "state", "other", "g");
        assertThat(samples.get(8).value()).isEqualTo(-0.0015);
    }

    @Test
    void convertsTimestampSecondsToMillis() throws Exception {
        String body = "a 1 1\nb 1 -1.5\nc 1 1.5e3\nd 1 0.0005\ne 1 0.0004999\nf 1 .25\ng 1 2.\n# EOF\n";
        assertThat(openMetrics(body)).extracting(ParsedSample::timestampMillis)
                .containsExactly(1000L, -1500L, 1_500_000L, 1L, 0L, 250L, 2000L);
    }

    @Test
    void readsSpecialValuesInAnyCase() throws Exception {
        String body = "a NaN\nb +Inf\nc -inf\nd Infinity\ne nan\n# EOF\n";
        assertThat(openMetrics(body)).extracting(ParsedSample::value).containsExactly(Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN);
    }

    @Test
    void acceptsEofWithoutFinalNewlineAndCrLf() throws Exception {
        assertThat(openMetrics("a 1\r\n# EOF")).hasSize(1);
        assertThat(openMetrics("a 1\r\n# EOF\r\n")).hasSize(1);
        assertThat(openMetrics("# EOF\n")).isEmpty();
    }

    @Test
    void recognisesOpenMetricsContentTypesOnly() {
        assertThat(Exposition.isOpenMetrics("application/openmetrics-text")).isTrue();
        assertThat(Exposition.isOpenMetrics(" Application/OpenMetrics-Text;version=0.0.1")).isTrue();
        assertThat(Exposition.isOpenMetrics("application/openmetrics-textual")).isFalse();
        assertThat(Exposition.isOpenMetrics("text/plain; version=0.0.4")).isFalse();
        assertThat(Exposition.isOpenMetrics(null)).isFalse();
    }

    // ---- # EOF -----------------------------------------------------------------------------

    @Test
    void failsWithoutEof() {
        failure(() -> openMetrics("a 1\nb 2\n"), 3, "missing # EOF at the end (OpenMetrics requires it)");
        failure(() -> openMetrics(""), 1, "missing # EOF at the end (OpenMetrics requires it)");
    }

    @Test
    void failsOnContentAfterEof() {
        failure(() -> openMetrics("a 1\n# EOF\nb 2\n"), 3, "unexpected content after # EOF");
        failure(() -> openMetrics("# EOF\n\n"), 2, "unexpected content after # EOF");
    }

    // ---- whitespace and comments -----------------------------------------------------------

    @Test
    void failsOnBlankLine() {
        failure(() -> openMetrics("a 1\n\nb 2\n# EOF\n"), 2, "blank line (OpenMetrics allows none)");
    }

    @Test
    void failsOnFreeComment() {
        failure(() -> openMetrics("# hello\n# EOF\n"), 1,
                "unexpected comment '# hello' (OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF)");
        failure(() -> openMetrics("#EOF\n"), 1,
                "unexpected comment '#EOF' (OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF)");
    }

    @Test
    void failsOnExtraWhitespace() {
        failure(() -> openMetrics("a  1\n# EOF\n"), 1,
                "expected a single space before the value (OpenMetrics separates tokens by one space)");
        failure(() -> openMetrics("a\t1\n# EOF\n"), 1,
                "expected a single space before the value (OpenMetrics separates tokens by one space)");
        failure(() -> openMetrics("a 1 \n# EOF\n"), 1, "whitespace at the end of the line (OpenMetrics allows none)");
        failure(() -> openMetrics(" a 1\n# EOF\n"), 1, "whitespace at the start of the line (OpenMetrics allows none)");
        failure(() -> openMetrics("a {b=\"c\"} 1\n# EOF\n"), 1, "'{b=\"c\"}' is not a number");
        failure(() -> openMetrics("a{b = \"c\"} 1\n# EOF\n"), 1, "'=' expected after label name b");
    }

    @Test
    void failsOnTrailingCommaInLabels() {
        failure(() -> openMetrics("a{b=\"c\",} 1\n# EOF\n"), 1, "trailing ',' in labels (OpenMetrics allows none)");
    }

    // ---- metadata --------------------------------------------------------------------------

    @Test
    void failsOnTextFormatOnlyType() {
        failure(() -> openMetrics("# TYPE a untyped\n# EOF\n"), 1, "'untyped' is not a metric type (expected one of "
                + "counter, gauge, histogram, gaugehistogram, summary, info, stateset, unknown)");
    }

    @Test
    void failsOnMetadataWithoutItsSpace() {
        failure(() -> openMetrics("# HELP a\n# EOF\n"), 1, "HELP line for metric a ends after the name");
        failure(() -> openMetrics("# TYPE a \n# EOF\n"), 1, "TYPE line for metric a names no type");
    }

    @Test
    void failsOnUnitThatIsNotTheNamesSuffix() {
        failure(() -> openMetrics("# UNIT request_duration seconds\n# EOF\n"), 1,
                "metric request_duration does not end in its unit _seconds");
        failure(() -> openMetrics("# UNIT seconds seconds\n# EOF\n"), 1,
                "metric seconds does not end in its unit _seconds");
        failure(() -> openMetrics("# UNIT a_s s-x\n# EOF\n"), 1, "invalid unit 's-x' for metric a_s");
    }

    @Test
    void acceptsEmptyUnit() throws Exception {
        assertThat(openMetrics("# UNIT a \na 1\n# EOF\n")).hasSize(1);
    }

    @Test
    void failsOnUnescapedQuoteInHelp() {
        failure(() -> openMetrics("# HELP a say \"hi\"\n# EOF\n"), 1, "unescaped '\"' in HELP text");
        failure(() -> openMetrics("# HELP a \\t\n# EOF\n"), 1,
                "invalid escape '\\t' in HELP text (expected \\\\, \\\" or \\n)");
    }

    @Test
    void failsOnSecondUnitAndMetadataAfterSamples() {
        failure(() -> openMetrics("# UNIT a_s s\n# UNIT a_s s\n# EOF\n"), 2, "second UNIT line for metric a_s");
        failure(() -> openMetrics("# TYPE a gauge\na 1\n# UNIT a \n# EOF\n"), 3,
                "UNIT line for metric a after its samples");
    }

    // ---- families --------------------------------------------------------------------------

    @Test
    void failsOnCounterExposedWithoutTotal() {
        failure(() -> openMetrics("# TYPE foo counter\nfoo 1\n# EOF\n"), 2,
                "sample foo does not fit counter foo (expected foo_total or foo_created)");
    }

    @Test
    void failsOnSampleAfterItsFamilyEnded() {
        String body = "# TYPE foo counter\nfoo_total 1\n# TYPE bar gauge\nbar 1\nfoo_created 2\n# EOF\n";
        failure(() -> openMetrics(body), 5, "sample of metric foo after its family ended");
    }

    @Test
    void failsOnBucketWithoutLe() {
        failure(() -> openMetrics("# TYPE h histogram\nh_bucket{x=\"1\"} 1\n# EOF\n"), 2,
                "histogram bucket h_bucket has no le label");
        failure(() -> openMetrics("# TYPE h gaugehistogram\nh_bucket{le=\"0x1p0\"} 1\n# EOF\n"), 2,
                "le label '0x1p0' of h_bucket is not a number");
    }

    // ---- numbers ---------------------------------------------------------------------------

    @Test
    void failsOnGoOnlyNumberSyntax() {
        failure(() -> openMetrics("a 0x1p3\n# EOF\n"), 1, "'0x1p3' is not a number");
        failure(() -> openMetrics("a 1_000\n# EOF\n"), 1, "'1_000' is not a number");
        failure(() -> openMetrics("a +NaN\n# EOF\n"), 1, "'+NaN' is not a number");
    }

    @Test
    void failsOnTimestampThatIsNoRealNumber() {
        failure(() -> openMetrics("a 1 NaN\n# EOF\n"), 1, "'NaN' is not a timestamp (seconds)");
        failure(() -> openMetrics("a 1 +Inf\n# EOF\n"), 1, "'+Inf' is not a timestamp (seconds)");
        failure(() -> openMetrics("a 1 1e\n# EOF\n"), 1, "'1e' is not a timestamp (seconds)");
        failure(() -> openMetrics("a 1 1e300\n# EOF\n"), 1, "'1e300' is out of range");
    }

    // ---- exemplars -------------------------------------------------------------------------

    @Test
    void failsOnMalformedExemplar() {
        failure(() -> openMetrics("a_total 1 # {a=\"b\"}\n# EOF\n"), 1, "exemplar has no value");
        failure(() -> openMetrics("a_total 1 #{a=\"b\"} 1\n# EOF\n"), 1,
                "exemplar must be '# {labels} value [timestamp]', found '#{a=\"b\"} 1'");
        failure(() -> openMetrics("a_total 1 # {a=\"b} 1\n# EOF\n"), 1, "label value of a not closed");
        failure(() -> openMetrics("a_total 1 # {a=\"b\"} x\n# EOF\n"), 1, "'x' is not a number");
        failure(() -> openMetrics("a_total 1 # {a=\"b\"} 1 2 3\n# EOF\n"), 1, "unexpected ' 3' after the exemplar");
        failure(() -> openMetrics("a_total 1 2 x\n# EOF\n"), 1, "unexpected 'x' after the timestamp");
    }
}
