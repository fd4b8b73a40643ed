package io.vigil.collector.scrape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The generators of {@link ExpositionPropertyTest}: one seeded {@link SplittableRandom}, so that a
 * seed alone replays a generated case. Sizes and numbers lean towards their edges (empty, largest,
 * zero, extremes) a sixth of the time or more, since that is where parsers break.
 */
final class ExpositionGen {

    /** The test's model of an exposition; rendered (and read back) by {@link ExpositionPropertyTest}. */
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

    /** Characters that mean something to one of the two formats, plus a few that mean nothing. */
    static final String MUTATION_CHARS = "{}\"\\=,# \t\n\r.+-eExXpP_0159aNnIi:\u0000\u00e9\ud83d";

    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String LETTERS = LOWER + LOWER.toUpperCase(java.util.Locale.ROOT);
    private static final String DIGITS = "0123456789";
    private static final String LABEL_VALUE_CHARS = "\"\\\n\r\t ,={}#n";
    private static final String HELP_CHARS = "\"\\\nabc \t#";
    private static final String[] UNICODE = {
        "\u00e9", "\u00df", "\u00f6", "\u4e2d", "\u0301", "\u2028", "\ufeff", "\u00a0", "\u200b", "\uffff",
        "\ud83d\ude00", "\ud83c\udf89", "\ud83d\udc4d\ud83c\udffd", "\ud801\udc37", "\ud83d", "\ude00",
    };
    private static final String[] FIXED_LABEL_VALUES = {
        "", "\ud83d\ude00 gr\u00f6\u00dfe", "C:\\dir\\", "a\"b", "\\n", "line\nbreak", "\"", "\\", "\n", "\\\"",
        "\u00e9\u4e2d\ud83c\udf89", "}", "{a=\"b\"}", "# EOF",
    };
    private static final double[] SPECIAL_VALUES = {
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, Double.MIN_VALUE,
        -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1e22, 1e23, 9007199254740993.0,
        0.1, 1.0, -1.0, Long.MAX_VALUE, Long.MIN_VALUE,
    };
    private static final long[] SPECIAL_LONGS = {
        0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE + 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 999, -999, 1000, -1000,
    };
    private static final String[] JUNK = {
        "", "# EOF", "# TYPE", "# TYPE a", "# HELP a \\", "a{", "a{b", "a{b=", "a{b=\"", "a{b=\"\\", "a 1 ",
        "a 1 #", "a 1 # {", "a_total 1 # {} 1 ", "# UNIT", "0x", "a 0x1p", "a 1e", "\r", "\r\n# EOF",
    };

    private final SplittableRandom random;

    ExpositionGen(long seed) {
        this.random = new SplittableRandom(seed);
    }

    // ---- primitives ----------------------------------------------------------------------------

    boolean bool() {
        return random.nextBoolean();
    }

    /** True with probability {@code p}. */
    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** Uniform in {@code [0, bound)}. */
    int below(int bound) {
        return random.nextInt(bound);
    }

    /** Uniform in {@code [min, max]}, or one of the two ends a sixth of the time. */
    int between(int min, int max) {
        int edge = random.nextInt(12);
        if (edge == 0) {
            return min;
        }
        if (edge == 1) {
            return max;
        }
        return (int) (min + random.nextLong((long) max - min + 1));
    }

    /** A size in {@code [0, max]}: empty or full a sixth of the time. */
    int size(int max) {
        return between(0, max);
    }

    /** Any long: edges, small ones, plausible epoch milliseconds, or all 64 bits at random. */
    long anyLong() {
        switch (random.nextInt(5)) {
            case 0:
                return SPECIAL_LONGS[random.nextInt(SPECIAL_LONGS.length)];
            case 1:
                return random.nextLong(-100_000, 100_000);
            case 2:
                return random.nextLong(0, 4_102_444_800_000L); // up to 2100
            default:
                return random.nextLong();
        }
    }

    <T> T pick(T[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private char charOf(String chars) {
        return chars.charAt(random.nextInt(chars.length()));
    }

    private String stringOf(String chars, int maxLength) {
        int length = size(maxLength);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(charOf(chars));
        }
        return out.toString();
    }

    /**
     * Up to {@code maxLength} UTF-16 units of anything: ASCII, control characters, BMP characters,
     * combining marks, emoji as proper pairs and lone surrogates.
     */
    String anyString(int maxLength) {
        int length = size(maxLength);
        StringBuilder out = new StringBuilder(length + 4);
        while (out.length() < length) {
            switch (random.nextInt(6)) {
                case 0:
                    out.append((char) random.nextInt(0x20, 0x7f)); // printable ASCII
                    break;
                case 1:
                    out.append((char) random.nextInt(0x20)); // controls, \t \n \r among them
                    break;
                case 2:
                    out.append(pick(UNICODE));
                    break;
                case 3:
                    out.appendCodePoint(random.nextInt(0x10000, 0x110000)); // a surrogate pair
                    break;
                default:
                    out.append((char) random.nextInt(0x10000)); // any unit, lone surrogates included
                    break;
            }
        }
        out.setLength(length);
        return out.toString();
    }

    // ---- exposition parts ----------------------------------------------------------------------

    /** {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, up to 13 characters. */
    String metricName() {
        return charOf(LETTERS + "_:") + stringOf(LETTERS + DIGITS + "_:", 12);
    }

    /** {@code [a-zA-Z_][a-zA-Z0-9_]*}, never {@code __name__}, {@code le} or {@code quantile}. */
    String labelName() {
        while (true) {
            String name = charOf(LETTERS + "_") + stringOf(LETTERS + DIGITS + "_", 8);
            if (!name.equals("__name__") && !name.equals("le") && !name.equals("quantile")) {
                return name;
            }
        }
    }

    /** Anything: quotes, backslashes, newlines, CR, unicode, emoji, lone surrogates. */
    String labelValue() {
        switch (random.nextInt(3)) {
            case 0:
                return stringOf(LABEL_VALUE_CHARS, 8);
            case 1:
                return anyString(8);
            default:
                return pick(FIXED_LABEL_VALUES);
        }
    }

    Map<String, String> labels() {
        int size = size(4);
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            labels.put(labelName(), labelValue());
        }
        return labels;
    }

    /** HELP text, or null for none. */
    String help() {
        if (chance(0.3)) {
            return null;
        }
        return bool() ? stringOf(HELP_CHARS, 10) : anyString(10);
    }

    /** Specials (NaN, ±Inf, ±0, extremes), any bit pattern, any long, or a short decimal. */
    double value() {
        switch (random.nextInt(4)) {
            case 0:
                return SPECIAL_VALUES[random.nextInt(SPECIAL_VALUES.length)];
            case 1:
                return Double.longBitsToDouble(random.nextLong());
            case 2:
                return (double) anyLong();
            default:
                return random.nextInt(-100_000, 100_001) / 1000.0;
        }
    }

    /** Milliseconds, or null (half the time) for a sample without a timestamp. */
    Long timestamp() {
        if (bool()) {
            return null;
        }
        long t;
        do {
            t = anyLong();
        } while (t == ParsedSample.NO_TIMESTAMP);
        return t;
    }

    /** A histogram bound or a summary's count of quantiles: in ±1e6, three decimals at most. */
    String bound() {
        long[] edges = {0, 1, -1, 1_000_000_000, -1_000_000_000};
        long thousandths = random.nextInt(5) == 0 ? edges[random.nextInt(edges.length)]
                : random.nextLong(-1_000_000_000L, 1_000_000_001L);
        return Double.toString(thousandths / 1000.0);
    }

    Point point() {
        Map<String, String> labels = labels();
        double[] values = new double[8];
        for (int i = 0; i < values.length; i++) {
            values[i] = value();
        }
        return new Point(labels, values, timestamp());
    }

    Family family() {
        String base = metricName();
        Kind kind = pick(Kind.values());
        String help = help();
        String unit = pick(new String[] {"", "", "seconds", "bytes", "ratio"});
        List<String> bounds = new ArrayList<>();
        for (int i = size(3); i > 0; i--) {
            bounds.add(bound());
        }
        List<Point> points = new ArrayList<>();
        for (int i = size(3); i > 0; i--) {
            points.add(point());
        }
        return new Family(base, kind, help, unit, bounds, points);
    }

    /** Up to six families of every kind, and the seed of the rendering's choices. */
    Model model() {
        List<Family> families = new ArrayList<>();
        for (int i = size(6); i > 0; i--) {
            families.add(family());
        }
        return new Model(families, random.nextLong());
    }

    // ---- broken input --------------------------------------------------------------------------

    /** One to four mutations: {operation 0..5, position, index into MUTATION_CHARS, length 1..8}. */
    List<int[]> mutations() {
        List<int[]> mutations = new ArrayList<>();
        for (int i = between(1, 4); i > 0; i--) {
            mutations.add(new int[] {between(0, 5), between(0, Integer.MAX_VALUE),
                between(0, MUTATION_CHARS.length() - 1), between(1, 8)});
        }
        return mutations;
    }

    /** Up to 60 characters of syntax soup or anything, or a known-nasty fragment. */
    String junk() {
        switch (random.nextInt(3)) {
            case 0:
                return stringOf(MUTATION_CHARS, 60);
            case 1:
                return anyString(60);
            default:
                return pick(JUNK);
        }
    }

    /** A decimal literal: optional sign, 1..24 digits, maybe a point, maybe an exponent in ±330. */
    String decimal() {
        String sign = pick(new String[] {"", "-", "+"});
        String digits = charOf(DIGITS) + stringOf(DIGITS, 23);
        int point = between(-1, 24);
        String mantissa = point < 0 || point > digits.length() ? digits
                : digits.substring(0, point) + "." + digits.substring(point);
        String exponent = chance(0.4) ? "" : "e" + between(-330, 330);
        return sign + mantissa + exponent;
    }
}
