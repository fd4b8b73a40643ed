package io.vigil.collector.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Generated expositions: valid families rendered in both formats read back to exactly the samples
 * they were rendered from, and nothing a scrape can return, however broken, throws anything but
 * {@link ExpositionException}.
 */
class ExpositionPropertyTest {

    private static final String TEXT = ExpositionParserTest.TEXT;
    private static final String OPENMETRICS = ExpositionParserTest.OPENMETRICS;

    enum Kind { GAUGE, COUNTER, HISTOGRAM, SUMMARY, UNTYPED }

    /** One label set of a family: its labels, enough values for every series, a timestamp or null. */
    record Point(Map<String, String> labels, double[] values, Long timestampMillis) {
    }

    /**
     * A family as generated: {@code base} gets a unique index (and the unit) appended when
     * rendered, so that no family's name is another's plus a series suffix.
     */
    record Family(String base, Kind kind, String help, String unit, List<String> bounds, List<Point> points) {
    }

    /** Families, and a seed for the rendering's free choices (whitespace, number spelling). */
    record Model(List<Family> families, long style) {
    }

    // ---- properties --------------------------------------------------------------------------

    @Property(tries = 400)
    void textFormatRoundTrips(@ForAll("models") Model model) throws ExpositionException {
        List<ParsedSample> expected = new ArrayList<>();
        String body = render(model, false, expected);
        assertThat(Exposition.parse(body, TEXT)).as(body).containsExactlyElementsOf(expected);
    }

    @Property(tries = 400)
    void openMetricsRoundTrips(@ForAll("models") Model model) throws ExpositionException {
        List<ParsedSample> expected = new ArrayList<>();
        String body = render(model, true, expected);
        assertThat(Exposition.parse(body, OPENMETRICS)).as(body).containsExactlyElementsOf(expected);
    }

    @Property(tries = 600)
    void mutatedExpositionsFailOnlyWithExpositionException(@ForAll("models") Model model,
            @ForAll boolean openMetrics, @ForAll("mutations") List<int[]> mutations) {
        String body = mutate(render(model, openMetrics, new ArrayList<>()), mutations);
        parsesOrFailsCleanly(body, openMetrics ? OPENMETRICS : TEXT);
    }

    @Property(tries = 600)
    void arbitraryInputFailsOnlyWithExpositionException(@ForAll("junk") String body, @ForAll boolean openMetrics) {
        parsesOrFailsCleanly(body, openMetrics ? OPENMETRICS : TEXT);
    }

    @Property(tries = 1000)
    void decimalValuesReadAsJavaReadsThem(@ForAll("decimals") String literal, @ForAll boolean openMetrics)
            throws ExpositionException {
        String body = "a " + literal + "\n" + (openMetrics ? "# EOF\n" : "");
        double expected = Double.parseDouble(literal);
        if (Double.isInfinite(expected)) {
            return; // out of range: an error, covered by ExpositionNumbersTest
        }
        double value = Exposition.parse(body, openMetrics ? OPENMETRICS : TEXT).get(0).value();
        assertThat(Double.doubleToRawLongBits(value)).as(literal).isEqualTo(Double.doubleToRawLongBits(expected));
    }

    private static void parsesOrFailsCleanly(String body, String contentType) {
        int lines = body.split("\n", -1).length;
        try {
            Exposition.parse(body, contentType);
        } catch (ExpositionException e) {
            assertThat(e.line()).as(e.getMessage()).isBetween(1, lines + 1);
            assertThat(e.getMessage()).startsWith("line " + e.line() + ": ");
        }
        // Anything else propagates and fails the property.
    }

    // ---- generators ----------------------------------------------------------------------------

    @Provide
    Arbitrary<Model> models() {
        return Combinators.combine(family().list().ofMaxSize(6), Arbitraries.longs()).as(Model::new);
    }

    private Arbitrary<Family> family() {
        Arbitrary<String> unit = Arbitraries.of("", "", "seconds", "bytes", "ratio");
        Arbitrary<List<String>> bounds = Arbitraries.doubles().between(-1e6, 1e6).ofScale(3)
                .map(d -> Double.toString(d)).list().ofMaxSize(3);
        return Combinators.combine(metricName(), Arbitraries.of(Kind.class), help(), unit, bounds,
                point().list().ofMaxSize(3)).as(Family::new);
    }

    private Arbitrary<Point> point() {
        Arbitrary<Map<String, String>> labels = Arbitraries.maps(labelName(), labelValue()).ofMaxSize(4);
        Arbitrary<double[]> values = value().array(double[].class).ofSize(8);
        Arbitrary<Long> timestamp = Arbitraries.longs().filter(t -> t != ParsedSample.NO_TIMESTAMP).injectNull(0.5);
        return Combinators.combine(labels, values, timestamp).as(Point::new);
    }

    private static Arbitrary<String> metricName() {
        Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').range('A', 'Z').with('_', ':');
        Arbitrary<String> rest = Arbitraries.strings().alpha().numeric().withChars('_', ':').ofMaxLength(12);
        return Combinators.combine(first, rest).as((f, r) -> f + r);
    }

    private static Arbitrary<String> labelName() {
        Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').range('A', 'Z').with('_');
        Arbitrary<String> rest = Arbitraries.strings().alpha().numeric().withChars('_').ofMaxLength(8);
        return Combinators.combine(first, rest).as((f, r) -> f + r)
                .filter(n -> !n.equals("__name__") && !n.equals("le") && !n.equals("quantile"));
    }

    /** Anything: quotes, backslashes, newlines, CR, any UTF-16 unit including lone surrogates. */
    private static Arbitrary<String> labelValue() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("\"\\\n\r\t ,={}#n").ofMaxLength(8),
                Arbitraries.strings().all().ofMaxLength(8),
                Arbitraries.of("", "😀 größe", "C:\\dir\\", "a\"b", "\\n", "line\nbreak"));
    }

    private static Arbitrary<String> help() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("\"\\\nabc \t#").ofMaxLength(10),
                Arbitraries.strings().all().ofMaxLength(10)).injectNull(0.3);
    }

    private static Arbitrary<Double> value() {
        return Arbitraries.oneOf(
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
                        Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e22, 1e23, 9007199254740993.0, 0.1),
                Arbitraries.longs().map(Double::longBitsToDouble),
                Arbitraries.longs().map(l -> (double) l),
                Arbitraries.integers().between(-100_000, 100_000).map(i -> i / 1000.0));
    }

    @Provide
    Arbitrary<List<int[]>> mutations() {
        Arbitrary<int[]> mutation = Combinators.combine(
                Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers().between(0, MUTATION_CHARS.length() - 1),
                Arbitraries.integers().between(1, 8)).as((op, at, ch, len) -> new int[] {op, at, ch, len});
        return mutation.list().ofMinSize(1).ofMaxSize(4);
    }

    private static final String MUTATION_CHARS = "{}\"\\=,# \t\n\r.+-eExXpP_0159aNnIi:\u0000\u00e9\ud83d";

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars(MUTATION_CHARS).ofMaxLength(60),
                Arbitraries.strings().all().ofMaxLength(60),
                Arbitraries.of("# EOF", "# TYPE", "# TYPE a", "# HELP a \\", "a{", "a{b", "a{b=", "a{b=\"",
                        "a{b=\"\\", "a 1 ", "a 1 #", "a 1 # {", "a_total 1 # {} 1 ", "# UNIT", "0x", "a 0x1p",
                        "a 1e", "\r", "\r\n# EOF"));
    }

    @Provide
    Arbitrary<String> decimals() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(24);
        Arbitrary<Integer> point = Arbitraries.integers().between(-1, 24);
        Arbitrary<Integer> exponent = Arbitraries.integers().between(-330, 330).injectNull(0.4);
        Arbitrary<String> sign = Arbitraries.of("", "-", "+");
        return Combinators.combine(sign, digits, point, exponent).as((s, d, p, e) -> {
            String mantissa = p < 0 || p > d.length() ? d : d.substring(0, p) + "." + d.substring(p);
            return s + mantissa + (e == null ? "" : "e" + e);
        });
    }

    // ---- rendering -----------------------------------------------------------------------------

    /** Renders the model in one format, adding the samples it must read back to {@code expected}. */
    static String render(Model model, boolean om, List<ParsedSample> expected) {
        Random style = new Random(model.style());
        StringBuilder out = new StringBuilder();
        String eol = !om && style.nextBoolean() ? "\r\n" : "\n";
        int index = 0;
        for (Family family : model.families()) {
            String name = family.base() + "_" + index++ + (family.unit().isEmpty() ? "" : "_" + family.unit());
            renderFamily(family, name, om, style, eol, out, expected);
        }
        if (om) {
            out.append("# EOF");
            if (style.nextBoolean()) {
                out.append('\n');
            }
        } else if (style.nextInt(4) == 0 && out.length() > 0) {
            out.setLength(out.length() - eol.length()); // no final newline
        }
        return out.toString();
    }

    private static void renderFamily(Family family, String name, boolean om, Random style, String eol,
            StringBuilder out, List<ParsedSample> expected) {
        boolean typed = family.kind() != Kind.UNTYPED || style.nextBoolean();
        String typeKeyword = typeKeyword(family.kind(), om);
        List<String> metadata = new ArrayList<>();
        if (family.help() != null) {
            metadata.add("# HELP " + name + " " + escapeHelp(family.help(), om));
        }
        if (typed) {
            metadata.add("# TYPE " + name + " " + typeKeyword);
        }
        if (!family.unit().isEmpty()) {
            metadata.add("# UNIT " + name + " " + family.unit()); // a plain comment in the text format
        }
        if (style.nextBoolean()) {
            java.util.Collections.reverse(metadata);
        }
        for (String line : metadata) {
            out.append(line).append(eol);
        }
        if (!om && style.nextInt(5) == 0) {
            out.append(eol).append("# a comment").append(eol).append(" \t").append(eol);
        }
        for (Point point : family.points()) {
            double[] v = point.values();
            switch (family.kind()) {
                case GAUGE:
                case UNTYPED:
                    line(name, point.labels(), null, null, v[0], point, om, false, style, eol, out, expected);
                    break;
                case COUNTER:
                    if (om) {
                        line(name + "_total", point.labels(), null, null, v[0], point, om, true, style, eol, out,
                                expected);
                        if (style.nextBoolean()) {
                            line(name + "_created", point.labels(), null, null, v[1], point, om, false, style, eol,
                                    out, expected);
                        }
                    } else {
                        line(name, point.labels(), null, null, v[0], point, om, false, style, eol, out, expected);
                    }
                    break;
                case HISTOGRAM:
                    List<String> les = new ArrayList<>(family.bounds());
                    les.add("+Inf");
                    for (int i = 0; i < les.size(); i++) {
                        line(name + "_bucket", point.labels(), "le", les.get(i), v[i], point, om, true, style, eol,
                                out, expected);
                    }
                    line(name + "_sum", point.labels(), null, null, v[5], point, om, false, style, eol, out, expected);
                    line(name + "_count", point.labels(), null, null, v[6], point, om, false, style, eol, out,
                            expected);
                    if (om && style.nextBoolean()) {
                        line(name + "_created", point.labels(), null, null, v[7], point, om, false, style, eol, out,
                                expected);
                    }
                    break;
                case SUMMARY:
                    String[] quantiles = {"0", "0.5", "0.99", "1"};
                    for (int i = 0; i < family.bounds().size(); i++) {
                        line(name, point.labels(), "quantile", quantiles[i], v[i], point, om, false, style, eol,
                                out, expected);
                    }
                    line(name + "_sum", point.labels(), null, null, v[5], point, om, false, style, eol, out, expected);
                    line(name + "_count", point.labels(), null, null, v[6], point, om, false, style, eol, out,
                            expected);
                    break;
                default:
                    throw new IllegalStateException(family.kind().toString());
            }
        }
    }

    private static String typeKeyword(Kind kind, boolean om) {
        switch (kind) {
            case GAUGE:
                return "gauge";
            case COUNTER:
                return "counter";
            case HISTOGRAM:
                return "histogram";
            case SUMMARY:
                return "summary";
            default:
                return om ? "unknown" : "untyped";
        }
    }

    /** One sample line; {@code extra}/{@code extraValue}: the le or quantile label. */
    private static void line(String name, Map<String, String> labels, String extra, String extraValue, double value,
            Point point, boolean om, boolean exemplarAllowed, Random style, String eol, StringBuilder out,
            List<ParsedSample> expected) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        if (extra != null) {
            all.put(extra, extraValue);
        }
        out.append(name);
        if (!all.isEmpty() || style.nextInt(4) == 0) {
            if (!om && style.nextInt(4) == 0) {
                out.append(blanks(style));
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : all.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                String around = om || style.nextInt(3) > 0 ? "" : blanks(style);
                out.append(around).append(label.getKey()).append(around).append('=').append(around).append('"')
                        .append(escapeLabelValue(label.getValue())).append('"').append(around);
            }
            if (!om && !all.isEmpty() && style.nextInt(4) == 0) {
                out.append(',');
            }
            out.append('}');
        }
        out.append(om ? " " : blanks(style)).append(number(value, om, style));
        if (point.timestampMillis() != null) {
            out.append(om ? " " : blanks(style));
            out.append(om ? seconds(point.timestampMillis(), style) : point.timestampMillis().toString());
        }
        if (om && exemplarAllowed && style.nextInt(3) == 0) {
            out.append(" # {trace_id=\"").append(Long.toHexString(style.nextLong())).append("\"} ")
                    .append(style.nextInt(1000) / 10.0);
            if (style.nextBoolean()) {
                out.append(' ').append(seconds(style.nextInt(), style));
            }
        }
        if (!om && style.nextInt(5) == 0) {
            out.append(blanks(style));
        }
        out.append(eol);
        long timestamp = point.timestampMillis() == null ? ParsedSample.NO_TIMESTAMP : point.timestampMillis();
        expected.add(new ParsedSample(name, all, value, timestamp));
    }

    private static String blanks(Random style) {
        String[] choices = {" ", " ", "  ", "\t", " \t "};
        return choices[style.nextInt(choices.length)];
    }

    /** A spelling of {@code value} that reads back exactly: several per format. */
    private static String number(double value, boolean om, Random style) {
        if (Double.isNaN(value)) {
            return om ? "NaN" : new String[] {"NaN", "nan", "NAN"}[style.nextInt(3)];
        }
        if (Double.isInfinite(value)) {
            String[] spellings = value > 0 ? new String[] {"+Inf", "Inf", "inf", "+Infinity"}
                    : new String[] {"-Inf", "-inf", "-Infinity"};
            return spellings[style.nextInt(spellings.length)];
        }
        if (value == 0 && 1 / value < 0) {
            return new String[] {"-0", "-0.0", "-0e3", "-.0"}[style.nextInt(4)]; // BigDecimal has no -0
        }
        switch (style.nextInt(om ? 3 : 4)) {
            case 0:
                return Double.toString(value);
            case 1:
                // The exact decimal expansion: long for tiny and huge values, the slow path's work.
                return new BigDecimal(value).toString();
            case 2:
                return BigDecimal.valueOf(value).toPlainString();
            default:
                return Double.toHexString(value);
        }
    }

    /** Milliseconds as OpenMetrics seconds, exactly: {@code 1.5}, {@code 1500e-3}, {@code -0.001}. */
    private static String seconds(long millis, Random style) {
        if (style.nextBoolean()) {
            return millis + "e-3";
        }
        String sign = millis < 0 ? "-" : "";
        String abs = Long.toString(millis).replace("-", "");
        while (abs.length() < 4) {
            abs = "0" + abs;
        }
        return sign + abs.substring(0, abs.length() - 3) + "." + abs.substring(abs.length() - 3);
    }

    private static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String help, boolean om) {
        String escaped = help.replace("\\", "\\\\").replace("\n", "\\n");
        return om ? escaped.replace("\"", "\\\"") : escaped;
    }

    /** Deletes, inserts, replaces, duplicates or truncates at positions picked by the mutations. */
    static String mutate(String body, List<int[]> mutations) {
        StringBuilder out = new StringBuilder(body);
        for (int[] m : mutations) {
            int at = out.length() == 0 ? 0 : m[1] % (out.length() + 1);
            char c = MUTATION_CHARS.charAt(m[2]);
            int end = Math.min(out.length(), at + m[3]);
            switch (m[0]) {
                case 0:
                    out.delete(at, end);
                    break;
                case 1:
                    out.insert(at, c);
                    break;
                case 2:
                    if (at < out.length()) {
                        out.setCharAt(at, c);
                    }
                    break;
                case 3:
                    out.insert(at, out.substring(at, end));
                    break;
                case 4:
                    out.setLength(at);
                    break;
                default:
                    out.insert(at, "\n");
                    break;
            }
        }
        return out.toString();
    }
}
