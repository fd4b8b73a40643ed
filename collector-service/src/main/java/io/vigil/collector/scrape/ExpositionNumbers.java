package io.vigil.collector.scrape;

/**
 * The numbers of an exposition: sample values and {@code le}/{@code quantile} labels (Go's
 * {@code strconv.ParseFloat} syntax in the text format, the OpenMetrics ABNF's {@code number} in
 * OpenMetrics) and timestamps (int64 milliseconds, resp. decimal seconds).
 *
 * <p>Each parser checks the syntax itself and only then converts, because Java's
 * {@code Double.parseDouble} accepts what neither format does ({@code 1d}, {@code " 1"},
 * {@code 0x1p0} in OpenMetrics) and rejects what Go accepts ({@code 1_000}, {@code infinity}).
 * The common case, up to 15 significant digits and a small exponent, is converted without
 * allocating: both operands are exact doubles, so one multiplication or division is correctly
 * rounded (Clinger's fast path).
 */
final class ExpositionNumbers {

    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    private static final long MAX_EXACT_MANTISSA = 1L << 53;
    /** Go caps the exponent it accumulates at 10000 too; anything larger is out of range anyway. */
    private static final int EXPONENT_CAP = 10_000;

    private ExpositionNumbers() {
    }

    /** {@code s[from, to)} as Go's {@code strconv.ParseFloat(s, 64)} reads it, or an error. */
    static double goFloat(String s, int from, int to, int line) throws ExpositionException {
        double infinity = infinity(s, from, to);
        if (!Double.isNaN(infinity)) {
            return infinity;
        }
        if (isNaNLiteral(s, from, to)) {
            return Double.NaN;
        }
        int i = from;
        if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        if (to - i > 2 && s.charAt(i) == '0' && (s.charAt(i + 1) | 0x20) == 'x') {
            return hexFloat(s, from, i + 2, to, line);
        }
        return decimal(s, from, to, true, line);
    }

    /** {@code s[from, to)} as the OpenMetrics ABNF's {@code number} (no hex, no underscores). */
    static double openMetricsNumber(String s, int from, int to, int line) throws ExpositionException {
        double infinity = infinity(s, from, to);
        if (!Double.isNaN(infinity)) {
            return infinity;
        }
        if (isNaNLiteral(s, from, to)) {
            return Double.NaN;
        }
        return decimal(s, from, to, false, line);
    }

    /** A text-format timestamp: int64 milliseconds, as Go's {@code strconv.ParseInt(s, 10, 64)}. */
    static long millis(String s, int from, int to, int line) throws ExpositionException {
        int i = from;
        boolean negative = false;
        if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        if (i == to) {
            throw notTimestamp(s, from, to, line, "integer milliseconds");
        }
        // Accumulate negatively so that Long.MIN_VALUE's magnitude fits.
        long value = 0;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw notTimestamp(s, from, to, line, "integer milliseconds");
            }
            int digit = c - '0';
            if (value < (Long.MIN_VALUE + digit) / 10) {
                throw outOfRange(s, from, to, line);
            }
            value = value * 10 - digit;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                throw outOfRange(s, from, to, line);
            }
            value = -value;
        }
        if (value == ParsedSample.NO_TIMESTAMP) {
            throw outOfRange(s, from, to, line);
        }
        return value;
    }

    /**
     * An OpenMetrics timestamp (decimal seconds, exponent allowed) as milliseconds, rounded to the
     * nearest, halves away from zero. Done on the digits rather than through a double so that
     * {@code 1520879607.789} is exactly 1520879607789, not one less.
     */
    static long secondsAsMillis(String s, int from, int to, int line) throws ExpositionException {
        int i = from;
        boolean negative = false;
        if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int intStart = i;
        while (i < to && isDigit(s.charAt(i))) {
            i++;
        }
        int intEnd = i;
        int fracStart = i;
        int fracEnd = i;
        if (i < to && s.charAt(i) == '.') {
            fracStart = ++i;
            while (i < to && isDigit(s.charAt(i))) {
                i++;
            }
            fracEnd = i;
        }
        if (intEnd == intStart && fracEnd == fracStart) {
            throw notTimestamp(s, from, to, line, "seconds");
        }
        int exponent = 0;
        if (i < to && (s.charAt(i) | 0x20) == 'e') {
            i++;
            boolean negativeExponent = false;
            if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                negativeExponent = s.charAt(i) == '-';
                i++;
            }
            if (i == to) {
                throw notTimestamp(s, from, to, line, "seconds");
            }
            for (; i < to && isDigit(s.charAt(i)); i++) {
                if (exponent < EXPONENT_CAP) {
                    exponent = exponent * 10 + s.charAt(i) - '0';
                }
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (i != to) {
            throw notTimestamp(s, from, to, line, "seconds");
        }
        // The digits int+frac with the decimal point moved right by exponent + 3 (seconds → ms).
        int intDigits = intEnd - intStart;
        int fracDigits = fracEnd - fracStart;
        int total = intDigits + fracDigits;
        int point = intDigits + exponent + 3;
        long value = 0;
        for (int k = 0; k < point; k++) {
            int digit = k < total ? digitAt(s, k, intStart, intDigits, fracStart) : 0;
            if (value > (Long.MAX_VALUE - digit) / 10) {
                throw outOfRange(s, from, to, line);
            }
            value = value * 10 + digit;
            if (value == 0 && k >= total) {
                break; // zero it is, however large the exponent
            }
        }
        if (point >= 0 && point < total && digitAt(s, point, intStart, intDigits, fracStart) >= 5) {
            if (value == Long.MAX_VALUE) {
                throw outOfRange(s, from, to, line);
            }
            value++;
        }
        return negative ? -value : value;
    }

    private static int digitAt(String s, int k, int intStart, int intDigits, int fracStart) {
        return (k < intDigits ? s.charAt(intStart + k) : s.charAt(fracStart + k - intDigits)) - '0';
    }

    /**
     * ±Inf for {@code [+-]inf} or {@code [+-]infinity} (any case), else NaN as "not special";
     * {@code nan} itself is told by {@link #isNaNLiteral}, since NaN cannot be a sentinel for it.
     */
    private static double infinity(String s, int from, int to) {
        int i = from;
        double sign = 1;
        if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            sign = s.charAt(i) == '-' ? -1 : 1;
            i++;
        }
        int length = to - i;
        if ((length == 3 || length == 8) && s.regionMatches(true, i, "infinity", 0, length)) {
            return sign * Double.POSITIVE_INFINITY;
        }
        return Double.NaN;
    }

    /** {@code nan} in any case, unsigned: Go's ParseFloat and the OpenMetrics ABNF agree. */
    private static boolean isNaNLiteral(String s, int from, int to) {
        return to - from == 3 && s.regionMatches(true, from, "nan", 0, 3);
    }

    /**
     * A decimal float: {@code [+-] digits [. digits] [e [+-] digits]} with at least one mantissa
     * digit; with {@code go}, underscores between digits as Go allows them.
     */
    private static double decimal(String s, int from, int to, boolean go, int line) throws ExpositionException {
        int i = from;
        boolean negative = false;
        if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long mantissa = 0;
        boolean exact = true;
        boolean sawDigits = false;
        boolean sawDot = false;
        boolean underscores = false;
        int scale = 0; // decimal exponent from digits after the point
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (isDigit(c)) {
                sawDigits = true;
                if (mantissa < MAX_EXACT_MANTISSA / 10) {
                    mantissa = mantissa * 10 + (c - '0');
                    if (sawDot) {
                        scale--;
                    }
                } else {
                    exact = false;
                }
            } else if (c == '.' && !sawDot) {
                sawDot = true;
            } else if (c == '_' && go) {
                underscores = true;
            } else {
                break;
            }
        }
        if (!sawDigits) {
            throw notNumber(s, from, to, line);
        }
        int exponent = 0;
        if (i < to && (s.charAt(i) | 0x20) == 'e') {
            i++;
            boolean negativeExponent = false;
            if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                negativeExponent = s.charAt(i) == '-';
                i++;
            }
            if (i == to || !isDigit(s.charAt(i))) {
                throw notNumber(s, from, to, line);
            }
            for (; i < to; i++) {
                char c = s.charAt(i);
                if (isDigit(c)) {
                    if (exponent < EXPONENT_CAP) {
                        exponent = exponent * 10 + (c - '0');
                    }
                } else if (c == '_' && go) {
                    underscores = true;
                } else {
                    break;
                }
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (i != to || underscores && !underscoresOk(s, from, to, false)) {
            throw notNumber(s, from, to, line);
        }
        if (exact) {
            int e = scale + exponent;
            if (mantissa == 0) {
                return negative ? -0.0 : 0.0;
            }
            if (e >= -22 && e <= 22) {
                double value = e >= 0 ? mantissa * POWERS_OF_TEN[e] : mantissa / POWERS_OF_TEN[-e];
                if (!Double.isInfinite(value)) {
                    return negative ? -value : value;
                }
            }
        }
        return convert(s, from, to, underscores, line);
    }

    /** Go's hex float: {@code 0x} mantissa (hex digits, optional point) and a required p exponent. */
    private static double hexFloat(String s, int from, int digitsFrom, int to, int line) throws ExpositionException {
        int i = digitsFrom;
        boolean sawDigits = false;
        boolean sawDot = false;
        boolean underscores = false;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (isDigit(c) || (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
                sawDigits = true;
            } else if (c == '.' && !sawDot) {
                sawDot = true;
            } else if (c == '_') {
                underscores = true;
            } else {
                break;
            }
        }
        if (!sawDigits || i == to || (s.charAt(i) | 0x20) != 'p') {
            throw notNumber(s, from, to, line);
        }
        i++;
        if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        if (i == to || !isDigit(s.charAt(i))) {
            throw notNumber(s, from, to, line);
        }
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c == '_') {
                underscores = true;
            } else if (!isDigit(c)) {
                throw notNumber(s, from, to, line);
            }
        }
        if (underscores && !underscoresOk(s, from, to, true)) {
            throw notNumber(s, from, to, line);
        }
        return convert(s, from, to, underscores, line);
    }

    /** Go's underscoreOK: an underscore only between digits, or between the base prefix and a digit. */
    private static boolean underscoresOk(String s, int from, int to, boolean hex) {
        int i = from;
        if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        char saw = '^';
        if (hex) {
            i += 2;
            saw = '0';
        }
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (isDigit(c) || hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
                saw = '0';
            } else if (c == '_') {
                if (saw != '0') {
                    return false;
                }
                saw = '_';
            } else {
                if (saw == '_') {
                    return false;
                }
                saw = '!';
            }
        }
        return saw != '_';
    }

    /** The slow path, for syntax already checked: Java's correctly rounded conversion. */
    private static double convert(String s, int from, int to, boolean underscores, int line)
            throws ExpositionException {
        String literal;
        if (underscores) {
            StringBuilder digits = new StringBuilder(to - from);
            for (int i = from; i < to; i++) {
                if (s.charAt(i) != '_') {
                    digits.append(s.charAt(i));
                }
            }
            literal = digits.toString();
        } else {
            literal = s.substring(from, to);
        }
        double value;
        try {
            value = Double.parseDouble(literal);
        } catch (NumberFormatException e) {
            throw notNumber(s, from, to, line);
        }
        if (Double.isInfinite(value)) {
            // Go's ParseFloat: ErrRange, which Prometheus rejects rather than store ±Inf.
            throw outOfRange(s, from, to, line);
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static ExpositionException notNumber(String s, int from, int to, int line) {
        return new ExpositionException(line, quote(s, from, to) + " is not a number");
    }

    private static ExpositionException notTimestamp(String s, int from, int to, int line, String unit) {
        return new ExpositionException(line, quote(s, from, to) + " is not a timestamp (" + unit + ")");
    }

    private static ExpositionException outOfRange(String s, int from, int to, int line) {
        return new ExpositionException(line, quote(s, from, to) + " is out of range");
    }

    /** {@code s[from, to)} in single quotes for a message, shortened if long. */
    static String quote(String s, int from, int to) {
        int max = 40;
        if (to - from > max) {
            return "'" + s.substring(from, from + max) + "...'";
        }
        return "'" + s.substring(from, to) + "'";
    }
}
