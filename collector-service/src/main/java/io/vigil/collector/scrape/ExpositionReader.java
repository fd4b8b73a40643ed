package io.vigil.collector.scrape;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass over one exposition: an index walks the string line by line and token by token, with no
 * regex, no split and no per-line copy. Strings are made only for what a sample keeps (its name,
 * label names and values), and even those are reused from the previous sample when the text is the
 * same, which it mostly is: a histogram's buckets, node_exporter's per-CPU modes.
 *
 * <p>Single use: {@link Exposition#parse} makes one per body.
 */
final class ExpositionReader {

    private static final int MAX_EXCERPT = 40;

    private final String s;
    private final boolean openMetrics;
    private final List<ParsedSample> samples = new ArrayList<>();

    /** The current line: its 1-based number and its bounds, line end and a CR before it excluded. */
    private int line;
    private int lineEnd;

    /** The family the last lines belong to; null before the first. */
    private String family;
    private ExpositionType familyType;
    private boolean familyHasHelp;
    private boolean familyHasType;
    private boolean familyHasUnit;
    private boolean familyHasSamples;
    /** Families that ended, and their types: a later line for one of them splits it. */
    private final Map<String, ExpositionType> ended = new HashMap<>();

    /** The current sample's labels, and the previous sample's to reuse equal strings from. */
    private String[] labelNames = new String[8];
    private String[] labelValues = new String[8];
    private int labelCount;
    private String[] previousNames = new String[8];
    private String[] previousValues = new String[8];
    private int previousCount;
    private String previousName;

    private final StringBuilder unescaped = new StringBuilder();

    ExpositionReader(String body, boolean openMetrics) {
        this.s = body == null ? "" : body;
        this.openMetrics = openMetrics;
    }

    List<ParsedSample> read() throws ExpositionException {
        int n = s.length();
        int start = 0;
        boolean eof = false;
        while (start < n) {
            line++;
            int newline = s.indexOf('\n', start);
            int stop = newline < 0 ? n : newline;
            lineEnd = stop > start && s.charAt(stop - 1) == '\r' ? stop - 1 : stop;
            if (eof) {
                throw error("unexpected content after # EOF");
            }
            eof = readLine(start);
            start = stop + 1;
        }
        if (openMetrics && !eof) {
            throw new ExpositionException(line + 1, "missing # EOF at the end (OpenMetrics requires it)");
        }
        return samples;
    }

    /** Reads the line starting at {@code p}; true if it was OpenMetrics' {@code # EOF}. */
    private boolean readLine(int p) throws ExpositionException {
        if (!openMetrics) {
            p = skipBlanks(p);
        }
        if (p == lineEnd) {
            if (openMetrics) {
                throw error("blank line (OpenMetrics allows none)");
            }
            return false;
        }
        if (s.charAt(p) == '#') {
            return openMetrics ? openMetricsComment(p) : textComment(p);
        }
        sample(p);
        return false;
    }

    // ---- comments and metadata ------------------------------------------------------------

    /** Text format: {@code # HELP} and {@code # TYPE} are metadata, any other comment is ignored. */
    private boolean textComment(int p) throws ExpositionException {
        int i = p + 1;
        if (i == lineEnd || !isBlank(s.charAt(i))) {
            return false;
        }
        i = skipBlanks(i);
        int word = i;
        while (i < lineEnd && !isBlank(s.charAt(i))) {
            i++;
        }
        boolean help = i - word == 4 && s.startsWith("HELP", word);
        boolean type = i - word == 4 && s.startsWith("TYPE", word);
        if (!help && !type) {
            return false;
        }
        i = skipBlanks(i);
        if (i == lineEnd) {
            return false; // "# HELP" alone: a comment, as in Prometheus' own parser
        }
        int nameEnd = metricNameEnd(i);
        if (nameEnd == i || nameEnd < lineEnd && !isBlank(s.charAt(nameEnd))) {
            throw error("invalid metric name " + excerpt(i, tokenEnd(i)) + " in " + (help ? "HELP" : "TYPE")
                    + " line");
        }
        String name = s.substring(i, nameEnd);
        i = skipBlanks(nameEnd);
        if (help) {
            metadata(name, "HELP");
            checkHelp(i);
            return false;
        }
        int typeEnd = tokenEnd(i);
        if (typeEnd == i) {
            throw error("TYPE line for metric " + name + " names no type");
        }
        ExpositionType declared = ExpositionType.of(s, i, typeEnd, false);
        if (declared == null) {
            throw error(excerpt(i, typeEnd) + " is not a metric type (expected one of "
                    + ExpositionType.TEXT_KEYWORDS + ")");
        }
        int rest = skipBlanks(typeEnd);
        if (rest != lineEnd) {
            throw error("unexpected " + excerpt(rest, lineEnd) + " after the type");
        }
        metadata(name, "TYPE");
        familyType = declared;
        return false;
    }

    /** OpenMetrics: exactly {@code # HELP}, {@code # TYPE}, {@code # UNIT} or {@code # EOF}. */
    private boolean openMetricsComment(int p) throws ExpositionException {
        int length = lineEnd - p;
        if (length == 5 && s.startsWith("# EOF", p)) {
            return true;
        }
        String keyword = null;
        if (length > 7 && s.charAt(p + 1) == ' ' && s.charAt(p + 6) == ' ') {
            if (s.startsWith("HELP", p + 2)) {
                keyword = "HELP";
            } else if (s.startsWith("TYPE", p + 2)) {
                keyword = "TYPE";
            } else if (s.startsWith("UNIT", p + 2)) {
                keyword = "UNIT";
            }
        }
        if (keyword == null) {
            throw error("unexpected comment " + excerpt(p, lineEnd)
                    + " (OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF)");
        }
        int i = p + 7;
        int nameEnd = metricNameEnd(i);
        if (nameEnd == i || nameEnd < lineEnd && s.charAt(nameEnd) != ' ') {
            throw error("invalid metric name " + excerpt(i, tokenEnd(i)) + " in " + keyword + " line");
        }
        String name = s.substring(i, nameEnd);
        if (nameEnd == lineEnd) {
            throw error(keyword + " line for metric " + name + " ends after the name");
        }
        i = nameEnd + 1;
        if (keyword.equals("HELP")) {
            metadata(name, keyword);
            checkHelp(i);
        } else if (keyword.equals("TYPE")) {
            if (i == lineEnd) {
                throw error("TYPE line for metric " + name + " names no type");
            }
            ExpositionType declared = ExpositionType.of(s, i, lineEnd, true);
            if (declared == null) {
                throw error(excerpt(i, lineEnd) + " is not a metric type (expected one of "
                        + ExpositionType.OPENMETRICS_KEYWORDS + ")");
            }
            metadata(name, keyword);
            familyType = declared;
        } else {
            int unitEnd = i;
            while (unitEnd < lineEnd && isNameChar(s.charAt(unitEnd), true)) {
                unitEnd++;
            }
            if (unitEnd != lineEnd) {
                throw error("invalid unit " + excerpt(i, lineEnd) + " for metric " + name);
            }
            String unit = s.substring(i, lineEnd);
            if (!unit.isEmpty() && !(name.endsWith(unit) && name.length() > unit.length()
                    && name.charAt(name.length() - unit.length() - 1) == '_')) {
                throw error("metric " + name + " does not end in its unit _" + unit);
            }
            metadata(name, keyword);
        }
        return false;
    }

    /**
     * A HELP, TYPE or UNIT line for {@code name}: it starts that family unless the family is the
     * current one and has no samples yet, and each kind may appear once per family.
     */
    private void metadata(String name, String keyword) throws ExpositionException {
        if (!name.equals(family)) {
            if (ended.containsKey(name)) {
                throw error(keyword + " line for metric " + name + " after its family ended");
            }
            startFamily(name, null);
        } else if (familyHasSamples) {
            throw error(keyword + " line for metric " + name + " after its samples");
        }
        boolean seen;
        if (keyword.equals("HELP")) {
            seen = familyHasHelp;
            familyHasHelp = true;
        } else if (keyword.equals("TYPE")) {
            seen = familyHasType;
            familyHasType = true;
        } else {
            seen = familyHasUnit;
            familyHasUnit = true;
        }
        if (seen) {
            throw error("second " + keyword + " line for metric " + name);
        }
    }

    /** A HELP text from {@code p} to the line end: valid escapes only (not kept). */
    private void checkHelp(int p) throws ExpositionException {
        for (int i = p; i < lineEnd; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 == lineEnd) {
                    throw error("HELP text ends in a lone '\\'");
                }
                char escaped = s.charAt(++i);
                if (escaped != '\\' && escaped != 'n' && !(openMetrics && escaped == '"')) {
                    throw error("invalid escape '\\" + escaped + "' in HELP text (expected "
                            + (openMetrics ? "\\\\, \\\" or \\n)" : "\\\\ or \\n)"));
                }
            } else if (c == '"' && openMetrics) {
                throw error("unescaped '\"' in HELP text");
            }
        }
    }

    private void startFamily(String name, ExpositionType type) {
        if (family != null) {
            ended.put(family, familyType);
        }
        family = name;
        familyType = type == null ? ExpositionType.implicit(openMetrics) : type;
        familyHasHelp = false;
        familyHasType = false;
        familyHasUnit = false;
        familyHasSamples = false;
    }

    // ---- samples ----------------------------------------------------------------------------

    private void sample(int p) throws ExpositionException {
        int nameEnd = metricNameEnd(p);
        if (nameEnd == p) {
            if (isBlank(s.charAt(p))) {
                throw error("whitespace at the start of the line (OpenMetrics allows none)");
            }
            throw error("metric name expected, found " + excerpt(p, tokenEnd(p)));
        }
        String name = reuse(previousName, p, nameEnd);
        if (name == null) {
            name = reuse(family, p, nameEnd);
        }
        if (name == null) {
            name = s.substring(p, nameEnd);
        }
        int i = nameEnd;
        if (!openMetrics) {
            int brace = skipBlanks(nameEnd); // the text format allows blanks before the labels
            if (brace < lineEnd && s.charAt(brace) == '{') {
                i = brace;
            }
        }
        labelCount = 0;
        if (i < lineEnd && s.charAt(i) == '{') {
            i = labels(i + 1, true);
        } else if (i < lineEnd && !isBlank(s.charAt(i))) {
            throw error("unexpected " + excerpt(i, tokenEnd(i)) + " after metric name " + name);
        }
        if (skipBlanks(i) == lineEnd) {
            throw error("sample of metric " + name + " has no value");
        }
        i = separator(i, "the value");
        int valueEnd = tokenEnd(i);
        double value = openMetrics
                ? ExpositionNumbers.openMetricsNumber(s, i, valueEnd, line)
                : ExpositionNumbers.goFloat(s, i, valueEnd, line);
        long timestamp = openMetrics ? openMetricsTail(valueEnd) : textTail(valueEnd);

        String suffix = member(name);
        if (suffix.equals("_bucket")) {
            checkNumericLabel("le", "histogram bucket", name);
        } else if (suffix.isEmpty() && familyType == ExpositionType.SUMMARY) {
            checkNumericLabel("quantile", "summary quantile", name);
        }
        samples.add(new ParsedSample(name, labelMap(), value, timestamp));
        previousName = name;
        String[] names = previousNames;
        String[] values = previousValues;
        previousNames = labelNames;
        previousValues = labelValues;
        previousCount = labelCount;
        labelNames = names;
        labelValues = values;
    }

    /** Text format: blanks, an optional int64 millisecond timestamp, blanks, the line end. */
    private long textTail(int p) throws ExpositionException {
        int i = skipBlanks(p);
        if (i == lineEnd) {
            return ParsedSample.NO_TIMESTAMP;
        }
        int end = tokenEnd(i);
        long timestamp = ExpositionNumbers.millis(s, i, end, line);
        int rest = skipBlanks(end);
        if (rest != lineEnd) {
            throw error("unexpected " + excerpt(rest, lineEnd) + " after the timestamp");
        }
        return timestamp;
    }

    /** OpenMetrics: {@code [SP timestamp] [SP # SP exemplar]} and the line end. */
    private long openMetricsTail(int p) throws ExpositionException {
        if (p == lineEnd) {
            return ParsedSample.NO_TIMESTAMP;
        }
        long timestamp = ParsedSample.NO_TIMESTAMP;
        int i = separator(p, "the timestamp");
        if (s.charAt(i) != '#') {
            int end = tokenEnd(i);
            timestamp = ExpositionNumbers.secondsAsMillis(s, i, end, line);
            if (end == lineEnd) {
                return timestamp;
            }
            i = separator(end, "the exemplar");
            if (s.charAt(i) != '#') {
                throw error("unexpected " + excerpt(i, lineEnd) + " after the timestamp");
            }
        }
        exemplar(i);
        return timestamp;
    }

    /** {@code # {labels} value [timestamp]} from {@code p} (at the '#'): checked, then dropped. */
    private void exemplar(int p) throws ExpositionException {
        if (p + 2 >= lineEnd || s.charAt(p + 1) != ' ' || s.charAt(p + 2) != '{') {
            throw error("exemplar must be '# {labels} value [timestamp]', found " + excerpt(p, lineEnd));
        }
        int i = labels(p + 3, false);
        if (i == lineEnd) {
            throw error("exemplar has no value");
        }
        i = separator(i, "the exemplar value");
        int end = tokenEnd(i);
        ExpositionNumbers.openMetricsNumber(s, i, end, line);
        if (end == lineEnd) {
            return;
        }
        i = separator(end, "the exemplar timestamp");
        end = tokenEnd(i);
        ExpositionNumbers.secondsAsMillis(s, i, end, line);
        if (end != lineEnd) {
            throw error("unexpected " + excerpt(end, lineEnd) + " after the exemplar");
        }
    }

    /**
     * The whitespace before a token at {@code p}: one space or more blanks in the text format,
     * exactly one space in OpenMetrics. Returns where the token starts.
     */
    private int separator(int p, String what) throws ExpositionException {
        if (p == lineEnd || !isBlank(s.charAt(p))) {
            throw error("expected whitespace before " + what + ", found " + excerpt(p, tokenEnd(p)));
        }
        if (openMetrics) {
            if (skipBlanks(p) == lineEnd) {
                throw error("whitespace at the end of the line (OpenMetrics allows none)");
            }
            if (s.charAt(p) != ' ' || isBlank(s.charAt(p + 1))) {
                throw error("expected a single space before " + what
                        + " (OpenMetrics separates tokens by one space)");
            }
            return p + 1;
        }
        int i = skipBlanks(p);
        if (i == lineEnd) {
            throw error("expected " + what + " after whitespace");
        }
        return i;
    }

    /**
     * Labels from {@code p} (after the '{') to the '}'; returns the index after it. With
     * {@code keep}, into {@link #labelNames}/{@link #labelValues}; else (exemplars) only checked.
     */
    private int labels(int p, boolean keep) throws ExpositionException {
        int i = p;
        boolean first = true;
        while (true) {
            if (!openMetrics) {
                i = skipBlanks(i);
            }
            if (i < lineEnd && s.charAt(i) == '}') {
                if (!first && openMetrics) {
                    throw error("trailing ',' in labels (OpenMetrics allows none)");
                }
                return i + 1;
            }
            int nameEnd = labelNameEnd(i);
            if (nameEnd == i) {
                throw error(i == lineEnd ? "labels not closed"
                        : "label name expected, found " + excerpt(i, tokenEnd(i)));
            }
            String name = keep ? labelName(i, nameEnd) : null;
            String shown = name != null ? name : s.substring(i, nameEnd);
            i = openMetrics ? nameEnd : skipBlanks(nameEnd);
            if (i == lineEnd || s.charAt(i) != '=') {
                throw error("'=' expected after label name " + shown);
            }
            i = openMetrics ? i + 1 : skipBlanks(i + 1);
            if (i == lineEnd || s.charAt(i) != '"') {
                throw error("label value of " + shown + " must start with '\"'");
            }
            i = labelValue(i + 1, shown, keep);
            if (keep) {
                if (name.equals("__name__")) {
                    throw error("label name __name__ is reserved");
                }
                for (int k = 0; k < labelCount; k++) {
                    if (labelNames[k].equals(name)) {
                        throw error("duplicate label " + name);
                    }
                }
                labelNames[labelCount++] = name;
            }
            if (!openMetrics) {
                i = skipBlanks(i);
            }
            if (i == lineEnd) {
                throw error("labels not closed");
            }
            char c = s.charAt(i);
            if (c == '}') {
                return i + 1;
            }
            if (c != ',') {
                throw error("',' or '}' expected after the value of label " + shown + ", found "
                        + excerpt(i, tokenEnd(i)));
            }
            i++;
            first = false;
        }
    }

    /**
     * A label value from {@code p} (after the opening quote); returns the index after the closing
     * quote. With {@code keep}, stores it at {@code labelValues[labelCount]}.
     */
    private int labelValue(int p, String label, boolean keep) throws ExpositionException {
        int i = p;
        while (i < lineEnd) {
            char c = s.charAt(i);
            if (c == '"') {
                if (keep) {
                    ensureCapacity();
                    String value = labelCount < previousCount ? reuse(previousValues[labelCount], p, i) : null;
                    labelValues[labelCount] = value != null ? value : s.substring(p, i);
                }
                return i + 1;
            }
            if (c == '\\') {
                return escapedLabelValue(p, i, label, keep);
            }
            i++;
        }
        throw error("label value of " + label + " not closed");
    }

    /** The rest of a label value with escapes, from the first backslash at {@code i}. */
    private int escapedLabelValue(int p, int i, String label, boolean keep) throws ExpositionException {
        StringBuilder value = unescaped;
        value.setLength(0);
        value.append(s, p, i);
        while (i < lineEnd) {
            char c = s.charAt(i);
            if (c == '"') {
                if (keep) {
                    ensureCapacity();
                    labelValues[labelCount] = value.toString();
                }
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 == lineEnd) {
                    break;
                }
                char escaped = s.charAt(i + 1);
                if (escaped == '\\' || escaped == '"') {
                    value.append(escaped);
                } else if (escaped == 'n') {
                    value.append('\n');
                } else {
                    throw error("invalid escape '\\" + escaped + "' in the value of label " + label
                            + " (expected \\\\, \\\" or \\n)");
                }
                i += 2;
            } else {
                value.append(c);
                i++;
            }
        }
        throw error("label value of " + label + " not closed");
    }

    private void ensureCapacity() {
        if (labelCount == labelNames.length) {
            labelNames = Arrays.copyOf(labelNames, labelCount * 2);
            labelValues = Arrays.copyOf(labelValues, labelCount * 2);
        }
    }

    private String labelName(int from, int to) {
        String name = labelCount < previousCount ? reuse(previousNames[labelCount], from, to) : null;
        return name != null ? name : s.substring(from, to);
    }

    /**
     * Which series of the current family {@code name} is (its suffix), starting a new family if
     * it is none, and failing if that family already ended.
     */
    private String member(String name) throws ExpositionException {
        if (family != null) {
            String suffix = familyType.suffixOf(name, family, openMetrics);
            if (suffix != null) {
                familyHasSamples = true;
                return suffix;
            }
            if (name.equals(family)) {
                throw error("sample " + name + " does not fit " + familyType.keyword + " " + family
                        + " (expected " + familyType.seriesNames(family, openMetrics) + ")");
            }
        }
        String owner = endedOwner(name);
        if (owner != null) {
            throw error("sample of metric " + owner + " after its family ended");
        }
        startFamily(name, null);
        familyHasSamples = true;
        return "";
    }

    /** The ended family that {@code name} is a series of, or null. */
    private String endedOwner(String name) {
        if (ended.isEmpty()) {
            return null;
        }
        if (ended.containsKey(name)) {
            return name;
        }
        int underscore = name.lastIndexOf('_');
        if (underscore > 0) {
            String stem = name.substring(0, underscore);
            ExpositionType type = ended.get(stem);
            if (type != null && type.suffixOf(name, stem, openMetrics) != null) {
                return stem;
            }
        }
        return null;
    }

    /** A histogram's {@code le} or a summary's {@code quantile}: present, and a number. */
    private void checkNumericLabel(String label, String what, String name) throws ExpositionException {
        for (int k = 0; k < labelCount; k++) {
            if (labelNames[k].equals(label)) {
                String value = labelValues[k];
                try {
                    if (openMetrics) {
                        ExpositionNumbers.openMetricsNumber(value, 0, value.length(), line);
                    } else {
                        ExpositionNumbers.goFloat(value, 0, value.length(), line);
                    }
                } catch (ExpositionException e) {
                    throw error(label + " label " + ExpositionNumbers.quote(value, 0, value.length())
                            + " of " + name + " is not a number");
                }
                return;
            }
        }
        throw error(what + " " + name + " has no " + label + " label");
    }

    /** The labels as an immutable map, which {@link ParsedSample} then keeps without copying. */
    @SuppressWarnings("unchecked")
    private Map<String, String> labelMap() {
        String[] k = labelNames;
        String[] v = labelValues;
        switch (labelCount) {
            case 0:
                return Map.of();
            case 1:
                return Map.of(k[0], v[0]);
            case 2:
                return Map.of(k[0], v[0], k[1], v[1]);
            case 3:
                return Map.of(k[0], v[0], k[1], v[1], k[2], v[2]);
            case 4:
                return Map.of(k[0], v[0], k[1], v[1], k[2], v[2], k[3], v[3]);
            case 5:
                return Map.of(k[0], v[0], k[1], v[1], k[2], v[2], k[3], v[3], k[4], v[4]);
            default:
                Map.Entry<String, String>[] entries = new Map.Entry[labelCount];
                for (int i = 0; i < labelCount; i++) {
                    entries[i] = new AbstractMap.SimpleImmutableEntry<>(k[i], v[i]);
                }
                return Map.ofEntries(entries);
        }
    }

    // ---- characters -------------------------------------------------------------------------

    /** {@code candidate} if {@code s[from, to)} spells it, else null: equal text, no new string. */
    private String reuse(String candidate, int from, int to) {
        return candidate != null && candidate.length() == to - from && s.startsWith(candidate, from)
                ? candidate : null;
    }

    /** The end of a metric name {@code [a-zA-Z_:][a-zA-Z0-9_:]*} at {@code p} (p if none). */
    private int metricNameEnd(int p) {
        if (p == lineEnd || !isNameChar(s.charAt(p), false)) {
            return p;
        }
        int i = p + 1;
        while (i < lineEnd && isNameChar(s.charAt(i), true)) {
            i++;
        }
        return i;
    }

    /** The end of a label name {@code [a-zA-Z_][a-zA-Z0-9_]*} at {@code p} (p if none). */
    private int labelNameEnd(int p) {
        if (p == lineEnd || !isNameChar(s.charAt(p), false) || s.charAt(p) == ':') {
            return p;
        }
        int i = p + 1;
        while (i < lineEnd && isNameChar(s.charAt(i), true) && s.charAt(i) != ':') {
            i++;
        }
        return i;
    }

    private static boolean isNameChar(char c, boolean digitAllowed) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':'
                || digitAllowed && c >= '0' && c <= '9';
    }

    /** Text format whitespace between tokens: blanks and tabs. */
    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private int skipBlanks(int p) {
        while (p < lineEnd && isBlank(s.charAt(p))) {
            p++;
        }
        return p;
    }

    /** The end of the token at {@code p}: the next blank or the line end. */
    private int tokenEnd(int p) {
        int i = p;
        while (i < lineEnd && !isBlank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private String excerpt(int from, int to) {
        if (from >= to) {
            return "end of line";
        }
        return ExpositionNumbers.quote(s, from, Math.min(to, from + MAX_EXCERPT + 1));
    }

    private ExpositionException error(String reason) {
        return new ExpositionException(line, reason);
    }
}
