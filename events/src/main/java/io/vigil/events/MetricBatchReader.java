package io.vigil.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads {@link MetricBatch} records off the {@code metrics} topic, fast: Jackson's streaming parser
 * straight into the records, with the strings and label maps that recur from batch to batch (metric
 * names, label names and values, hosts) shared instead of allocated per sample.
 *
 * <p>Same answer as {@code Json.read(json, MetricBatch.class)}, always: the fast path takes the
 * shape the event's own writer produces (fields in any order, unknown fields skipped, missing
 * {@code schemaVersion}/{@code intervalMillis} as 0) and hands anything else — a null, a number
 * where text belongs, a duplicate field, a time in another notation, malformed JSON — to
 * {@link Json#read}, which reads it or rejects it with its usual {@link Json.EventFormatException}.
 * So a bad record is rejected with the same message as before, and dead-lettered as before.
 *
 * <p>Not thread-safe (its caches are plain arrays): one reader per consuming thread or pipeline.
 * The caches are bounded; a label set or string that does not recur only costs what it did.
 */
public final class MetricBatchReader {

    /** The fast path meets something it leaves to {@link Json#read}; no stack trace, it is not an error. */
    private static final class NotCanonical extends Exception {
        NotCanonical() {
            super(null, null, false, false);
        }
    }

    private static final NotCanonical NOT_CANONICAL = new NotCanonical();
    // FastDoubleParser (shaded in jackson-core) rounds exactly as the JDK does, several times faster:
    // collector values such as 0.5372839012345678 otherwise take the JDK's BigInteger path.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    private static final int STRINGS = 1 << 14;
    private static final int LABEL_SETS = 1 << 12;
    private static final int MAX_CACHED_STRING = 128;

    /** Shared strings, direct-mapped by hash: a collision replaces, which is only a cache miss. */
    private final String[] strings = new String[STRINGS];
    /** Each shared string's characters, compared with one vectorized Arrays.equals. */
    private final char[][] stringChars = new char[STRINGS][];
    /** Shared label maps, direct-mapped by the hash of their names and values. */
    private final Object[][] labelKeys = new Object[LABEL_SETS][];
    private final Map<?, ?>[] labelMaps = new Map<?, ?>[LABEL_SETS];
    private EventSource lastSource;
    // Scratch space for one sample's labels and one batch's samples, reused across reads.
    private String[] scratchLabels = new String[16];
    private MetricSample[] scratchSamples = new MetricSample[64];
    private long handedOver;

    /** Reads one record; throws {@link Json.EventFormatException} exactly when {@link Json#read} would. */
    public MetricBatch read(String json) {
        if (json == null || json.isBlank()) {
            return Json.read(json, MetricBatch.class);
        }
        try (JsonParser p = parser(json)) {
            return batch(p);
        } catch (NotCanonical | IOException | RuntimeException other) {
            handedOver++;
            return Json.read(json, MetricBatch.class);
        }
    }

    /**
     * Jackson's byte parser when the text is ASCII (records from our writers are): its symbol table
     * for field names is several times cheaper than the char parser's, and an ASCII string's UTF-8
     * bytes are a plain copy. Other text keeps the char parser, so that no character is re-encoded.
     */
    private static JsonParser parser(String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return bytes.length == json.length() ? FACTORY.createParser(bytes) : FACTORY.createParser(json);
    }

    /** How many records this reader handed to {@link Json#read} (all but the canonical shape). */
    public long handedOver() {
        return handedOver;
    }

    private static final int EVENT_ID = 1;
    private static final int OCCURRED_AT = 2;
    private static final int SOURCE = 4;
    private static final int SCHEMA_VERSION = 8;
    private static final int HOST = 16;
    private static final int SAMPLES = 32;
    private static final int INTERVAL = 64;

    private MetricBatch batch(JsonParser p) throws IOException, NotCanonical {
        expect(p.nextToken(), JsonToken.START_OBJECT);
        UUID eventId = null;
        Instant occurredAt = null;
        EventSource source = null;
        int schemaVersion = 0;
        String host = null;
        List<MetricSample> samples = null;
        long interval = 0;
        int seen = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            expect(t, JsonToken.FIELD_NAME);
            String field = p.currentName();
            JsonToken value = p.nextToken();
            int bit;
            switch (field) {
                case "eventId" -> {
                    bit = EVENT_ID;
                    eventId = uuid(p, value);
                }
                case "occurredAt" -> {
                    bit = OCCURRED_AT;
                    occurredAt = instant(p, value);
                }
                case "source" -> {
                    bit = SOURCE;
                    source = source(p, value);
                }
                case "schemaVersion" -> {
                    bit = SCHEMA_VERSION;
                    expect(value, JsonToken.VALUE_NUMBER_INT);
                    schemaVersion = p.getIntValue();
                }
                case "host" -> {
                    bit = HOST;
                    host = text(p, value);
                }
                case "samples" -> {
                    bit = SAMPLES;
                    samples = samples(p, value);
                }
                case "intervalMillis" -> {
                    bit = INTERVAL;
                    expect(value, JsonToken.VALUE_NUMBER_INT);
                    interval = p.getLongValue();
                }
                default -> {
                    // Unknown: skipped, as Json.read ignores it (DESIGN §3).
                    p.skipChildren();
                    continue;
                }
            }
            if ((seen & bit) != 0) {
                throw NOT_CANONICAL; // a duplicate: whichever Json.read keeps, it decides
            }
            seen |= bit;
        }
        if (eventId == null || occurredAt == null || source == null || host == null || samples == null) {
            throw NOT_CANONICAL; // missing: Json.read names it (or, for samples, takes none)
        }
        return new MetricBatch(eventId, occurredAt, source, schemaVersion, host, samples, interval);
    }

    private EventSource source(JsonParser p, JsonToken start) throws IOException, NotCanonical {
        expect(start, JsonToken.START_OBJECT);
        String service = null;
        String host = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "service" -> {
                    if (service != null) {
                        throw NOT_CANONICAL;
                    }
                    service = text(p, value);
                }
                case "host" -> {
                    if (host != null) {
                        throw NOT_CANONICAL;
                    }
                    host = text(p, value);
                }
                default -> p.skipChildren();
            }
        }
        if (service == null || host == null) {
            throw NOT_CANONICAL;
        }
        EventSource last = lastSource;
        if (last != null && last.service().equals(service) && last.host().equals(host)) {
            return last;
        }
        return lastSource = new EventSource(service, host);
    }

    private List<MetricSample> samples(JsonParser p, JsonToken start) throws IOException, NotCanonical {
        expect(start, JsonToken.START_ARRAY);
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (n == scratchSamples.length) {
                scratchSamples = Arrays.copyOf(scratchSamples, n * 2);
            }
            scratchSamples[n++] = sample(p, t);
        }
        // List.of copies the array: the scratch space is reused, the list is the batch's own.
        List<MetricSample> list = List.of(Arrays.copyOf(scratchSamples, n));
        Arrays.fill(scratchSamples, 0, n, null);
        return list;
    }

    private MetricSample sample(JsonParser p, JsonToken start) throws IOException, NotCanonical {
        expect(start, JsonToken.START_OBJECT);
        String name = null;
        Map<String, String> labels = null;
        double value = 0;
        boolean hasValue = false;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken token = p.nextToken();
            switch (field) {
                case "name" -> {
                    if (name != null) {
                        throw NOT_CANONICAL;
                    }
                    name = text(p, token);
                }
                case "labels" -> {
                    if (labels != null) {
                        throw NOT_CANONICAL;
                    }
                    labels = labels(p, token);
                }
                case "value" -> {
                    if (hasValue || (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT)) {
                        throw NOT_CANONICAL; // "NaN" as text, null, a duplicate: Json.read's rules
                    }
                    value = p.getDoubleValue();
                    hasValue = true;
                }
                default -> p.skipChildren();
            }
        }
        if (name == null || labels == null || !hasValue) {
            throw NOT_CANONICAL;
        }
        return new MetricSample(name, labels, value);
    }

    /** A label map, shared with every earlier sample that had the same names and values. */
    private Map<String, String> labels(JsonParser p, JsonToken start) throws IOException, NotCanonical {
        expect(start, JsonToken.START_OBJECT);
        int n = 0;
        int hash = 1;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            if (n + 2 > scratchLabels.length) {
                scratchLabels = Arrays.copyOf(scratchLabels, scratchLabels.length * 2);
            }
            // Field names come canonical from Jackson's symbol table, values from our own cache.
            String key = p.currentName();
            String value = text(p, p.nextToken());
            scratchLabels[n++] = key;
            scratchLabels[n++] = value;
            hash = 31 * (31 * hash + key.hashCode()) + value.hashCode();
        }
        if (n == 0) {
            return Map.of();
        }
        int slot = mix(hash) & (LABEL_SETS - 1);
        Object[] cached = labelKeys[slot];
        if (cached != null && sameLabels(cached, n)) {
            @SuppressWarnings("unchecked")
            Map<String, String> map = (Map<String, String>) labelMaps[slot];
            return map;
        }
        Map<String, String> built = new LinkedHashMap<>();
        for (int i = 0; i < n; i += 2) {
            built.put(scratchLabels[i], scratchLabels[i + 1]);
        }
        if (built.size() * 2 != n) {
            throw NOT_CANONICAL; // a label named twice: Json.read keeps the last
        }
        Map<String, String> map = Map.copyOf(built);
        labelKeys[slot] = Arrays.copyOf(scratchLabels, n, Object[].class);
        labelMaps[slot] = map;
        return map;
    }

    private boolean sameLabels(Object[] cached, int n) {
        if (cached.length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!cached[i].equals(scratchLabels[i])) {
                return false;
            }
        }
        return true;
    }

    /** Text, shared with earlier occurrences of the same characters. */
    private String text(JsonParser p, JsonToken token) throws IOException, NotCanonical {
        expect(token, JsonToken.VALUE_STRING);
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        if (length > MAX_CACHED_STRING) {
            return new String(chars, offset, length);
        }
        int hash = 0;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + chars[offset + i];
        }
        int slot = mix(hash) & (STRINGS - 1);
        char[] cached = stringChars[slot];
        if (cached != null && Arrays.equals(cached, 0, cached.length, chars, offset, offset + length)) {
            return strings[slot];
        }
        String s = new String(chars, offset, length);
        strings[slot] = s;
        stringChars[slot] = Arrays.copyOfRange(chars, offset, offset + length);
        return s;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** A UUID in its 36-character form, read without making a string; anything else goes to Json.read. */
    private static UUID uuid(JsonParser p, JsonToken token) throws IOException, NotCanonical {
        expect(token, JsonToken.VALUE_STRING);
        char[] c = p.getTextCharacters();
        int o = p.getTextOffset();
        if (p.getTextLength() != 36 || c[o + 8] != '-' || c[o + 13] != '-' || c[o + 18] != '-' || c[o + 23] != '-') {
            throw NOT_CANONICAL;
        }
        long msb = hex(c, o, 8) << 32 | hex(c, o + 9, 4) << 16 | hex(c, o + 14, 4);
        long lsb = hex(c, o + 19, 4) << 48 | hex(c, o + 24, 12);
        return new UUID(msb, lsb);
    }

    private static long hex(char[] c, int from, int digits) throws NotCanonical {
        long v = 0;
        for (int i = from; i < from + digits; i++) {
            char ch = c[i];
            int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                    : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
            if (d < 0) {
                throw NOT_CANONICAL;
            }
            v = v << 4 | d;
        }
        return v;
    }

    /**
     * An instant written as {@code Instant.toString()} writes it ({@code 2026-11-21T12:00:00Z}, with
     * 0–9 fraction digits), read without the formatter; any other notation (offsets, epoch numbers,
     * lower case) goes to Json.read.
     */
    private static Instant instant(JsonParser p, JsonToken token) throws IOException, NotCanonical {
        expect(token, JsonToken.VALUE_STRING);
        char[] c = p.getTextCharacters();
        int o = p.getTextOffset();
        int n = p.getTextLength();
        if (n < 20 || c[o + 4] != '-' || c[o + 7] != '-' || c[o + 10] != 'T' || c[o + 13] != ':' || c[o + 16] != ':'
                || c[o + n - 1] != 'Z') {
            throw NOT_CANONICAL;
        }
        int year = (int) decimal(c, o, 4);
        int month = (int) decimal(c, o + 5, 2);
        int day = (int) decimal(c, o + 8, 2);
        int hour = (int) decimal(c, o + 11, 2);
        int minute = (int) decimal(c, o + 14, 2);
        int second = (int) decimal(c, o + 17, 2);
        int nanos = 0;
        int fraction = n - 20; // characters between the seconds and 'Z': a dot and 1–9 digits, or none
        if (fraction > 0) {
            int digits = fraction - 1;
            if (c[o + 19] != '.' || digits < 1 || digits > 9) {
                throw NOT_CANONICAL;
            }
            nanos = (int) decimal(c, o + 20, digits);
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        // Strict, as ISO_INSTANT: no 24:00, no leap second, no 31 April (those go to Json.read).
        if (month < 1 || month > 12 || day < 1 || day > java.time.Month.of(month).length(java.time.Year.isLeap(year))
                || hour > 23 || minute > 59 || second > 59) {
            throw NOT_CANONICAL;
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    private static long decimal(char[] c, int from, int digits) throws NotCanonical {
        long v = 0;
        for (int i = from; i < from + digits; i++) {
            int d = c[i] - '0';
            if (d < 0 || d > 9) {
                throw NOT_CANONICAL;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static void expect(JsonToken actual, JsonToken expected) throws NotCanonical {
        if (actual != expected) {
            throw NOT_CANONICAL;
        }
    }
}
