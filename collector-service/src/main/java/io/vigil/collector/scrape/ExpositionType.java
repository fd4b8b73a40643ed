package io.vigil.collector.scrape;

/**
 * The metric types a {@code # TYPE} line can name, with the series names each type exposes: the
 * parser uses them to tell which family a sample belongs to, and so whether a family was split.
 */
enum ExpositionType {

    // Text format 0.0.4 and OpenMetrics spell the same type with different series: a text-format
    // counter's samples carry the family name itself, an OpenMetrics one's carry _total.
    COUNTER("counter", new String[] {""}, new String[] {"_total", "_created"}),
    GAUGE("gauge", new String[] {""}, new String[] {""}),
    HISTOGRAM("histogram", new String[] {"_bucket", "_sum", "_count"},
            new String[] {"_bucket", "_count", "_sum", "_created"}),
    SUMMARY("summary", new String[] {"", "_sum", "_count"}, new String[] {"", "_count", "_sum", "_created"}),
    UNTYPED("untyped", new String[] {""}, null),
    UNKNOWN("unknown", null, new String[] {""}),
    GAUGEHISTOGRAM("gaugehistogram", null, new String[] {"_bucket", "_gcount", "_gsum"}),
    INFO("info", null, new String[] {"_info"}),
    STATESET("stateset", null, new String[] {""});

    static final String TEXT_KEYWORDS = "counter, gauge, histogram, summary, untyped";
    static final String OPENMETRICS_KEYWORDS =
            "counter, gauge, histogram, gaugehistogram, summary, info, stateset, unknown";

    private static final ExpositionType[] ALL = values();

    final String keyword;
    /** Suffixes of the series names in the text format; null: not a text-format type. */
    private final String[] textSuffixes;
    /** Likewise in OpenMetrics. */
    private final String[] openMetricsSuffixes;

    ExpositionType(String keyword, String[] textSuffixes, String[] openMetricsSuffixes) {
        this.keyword = keyword;
        this.textSuffixes = textSuffixes;
        this.openMetricsSuffixes = openMetricsSuffixes;
    }

    /** The type that {@code s[from, to)} names in the given format, or null. */
    static ExpositionType of(String s, int from, int to, boolean openMetrics) {
        int length = to - from;
        for (ExpositionType type : ALL) {
            if (type.keyword.length() == length && s.startsWith(type.keyword, from)
                    && type.suffixes(openMetrics) != null) {
                return type;
            }
        }
        return null;
    }

    /** The type of a family that has samples but no {@code # TYPE} line. */
    static ExpositionType implicit(boolean openMetrics) {
        return openMetrics ? UNKNOWN : UNTYPED;
    }

    String[] suffixes(boolean openMetrics) {
        return openMetrics ? openMetricsSuffixes : textSuffixes;
    }

    /**
     * The suffix by which {@code sample} belongs to the family {@code family} of this type ("" for
     * the family name itself), or null if it is no series of that family.
     */
    String suffixOf(String sample, String family, boolean openMetrics) {
        if (!sample.startsWith(family)) {
            return null;
        }
        int rest = sample.length() - family.length();
        for (String suffix : suffixes(openMetrics)) {
            if (suffix.length() == rest && sample.endsWith(suffix)) {
                return suffix;
            }
        }
        return null;
    }

    /** "foo_bucket, foo_sum or foo_count": the names a family of this type may use, for errors. */
    String seriesNames(String family, boolean openMetrics) {
        String[] suffixes = suffixes(openMetrics);
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < suffixes.length; i++) {
            if (i > 0) {
                names.append(i == suffixes.length - 1 ? " or " : ", ");
            }
            names.append(family).append(suffixes[i]);
        }
        return names.toString();
    }
}
