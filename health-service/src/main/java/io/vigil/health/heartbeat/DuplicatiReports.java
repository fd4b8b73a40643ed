package io.vigil.health.heartbeat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.health.heartbeat.DuplicatiReport.Result;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the backup report Duplicati sends to {@code /api/heartbeats/{token}}, in every shape its
 * {@code SendHttpMessage} module produces:
 * <ul>
 *   <li>{@code --send-http-json-urls} (2.0.9.106+), or {@code --send-http-url} with
 *       {@code --send-http-result-output-format=Json}: the raw JSON body, {@code application/json},
 *       {@code {"Data": {...result...}, "Extra": {...}, "LogLines": [...]}};</li>
 *   <li>{@code --send-http-url} or {@code --send-http-form-urls} (the default): a form body,
 *       {@code message=<urlencoded>} plus any {@code --send-http-extra-parameters}, where the
 *       message is a {@code Duplicati Backup report for NAME} line followed by {@code Key: Value}
 *       lines, {@code Failed:}/{@code Details:} when an exception stopped the backup, and a
 *       {@code Log data:} section;</li>
 *   <li>a form field holding JSON, and a text or JSON body with no or the wrong content type, as
 *       scripts and relays send it.</li>
 * </ul>
 * Sources and samples: {@code src/test/resources/io/vigil/health/heartbeat/README.md}.
 */
public final class DuplicatiReports {

    /** Larger bodies are refused: Duplicati's default report (100 log lines) is far below this. */
    public static final int MAX_BODY_CHARS = 1_000_000;
    /** How many warnings and errors a report keeps; the counts say how many there were. */
    public static final int MAX_MESSAGES = 3;
    /** Longer messages are cut: they end up in alert posts. */
    public static final int MAX_MESSAGE_CHARS = 300;
    /** Duplicati's default {@code --send-http-message-parameter-name}. */
    public static final String MESSAGE_FIELD = "message";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_HEADER_CHARS = 1000;

    /** Duplicati's default message starts with this line; 2.1 appends {@code (machine-id, backup-id, machine-name)}. */
    private static final Pattern HEADER = Pattern.compile(
            "^Duplicati (\\S+) report for (.*?)(?: \\([^(),]*, [^(),]*, [^()]*\\))?\\s*$");
    /** A top-level property line of {@code PrintSerializeObject}; nested and stack-trace lines never match. */
    private static final Pattern KEY_VALUE = Pattern.compile("^([A-Z][A-Za-z]*): ?(.*)$");
    /** {@code 2019-02-16 23:15:11 -08 - [Warning-Duplicati.Library.Main...-MissingFile]: Missing file: x}. */
    private static final Pattern LOG_ENTRY = Pattern.compile("^.*? - \\[(\\w+)-([^\\]]*)\\]:\\s*(.*)$");
    /** .NET TimeSpan text: {@code 00:00:51.3856057}, {@code 1.02:03:04.5}. */
    private static final Pattern TIME_SPAN = Pattern.compile(
            "^(-)?(?:(\\d+)\\.)?(\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?$");
    /** The text format writes a time as local time, then the Unix time: {@code 2/16/2019 10:23:51 PM (1550384631)}. */
    private static final Pattern UNIX_TIME_SUFFIX = Pattern.compile("\\((\\d{1,12})\\)\\s*$");
    private static final Pattern FORM_START = Pattern.compile("^[A-Za-z0-9_.~%+-]+=");
    private static final Pattern TEXT_REPORT = Pattern.compile(
            "(?m)^(?:ParsedResult|Failed|MainOperation): |^Duplicati \\S+ report for ");

    private DuplicatiReports() {
    }

    /**
     * The report in {@code body}, or an {@link IllegalArgumentException} saying why it is not one.
     *
     * @param contentType the request's {@code Content-Type}, parameters allowed; null when absent
     */
    public static DuplicatiReport parse(String contentType, String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("empty body: expected a Duplicati report (JSON, or a form field '"
                    + MESSAGE_FIELD + "')");
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw new IllegalArgumentException("report of " + body.length() + " characters is larger than "
                    + MAX_BODY_CHARS + " (lower --send-http-max-log-lines)");
        }
        String media = mediaType(contentType);
        if (body.stripLeading().startsWith("{")) {
            return parseJson(body); // a form body never starts so, whatever the header claims
        }
        if (media.equals("application/x-www-form-urlencoded")) {
            return parseContent(formMessage(body));
        }
        if (media.equals("application/json") || media.endsWith("+json")) {
            return parseJson(body);
        }
        // text/plain, none, or anything else: curl and relay scripts seldom set it right, so sniff.
        return parseContent(FORM_START.matcher(body).find() ? formMessage(body) : body);
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static DuplicatiReport parseContent(String content) {
        return content.stripLeading().startsWith("{") ? parseJson(content) : parseText(content);
    }

    // ---------------------------------------------------------------- form

    private static String formMessage(String body) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = lenientDecode(eq < 0 ? pair : pair.substring(0, eq));
            raw.putIfAbsent(name, eq < 0 ? "" : pair.substring(eq + 1));
        }
        String message = raw.get(MESSAGE_FIELD);
        if (message != null) {
            String decoded = decode(message, MESSAGE_FIELD);
            if (!decoded.isBlank()) {
                return decoded;
            }
        }
        // --send-http-message-parameter-name renames the field: take the one that holds a report.
        // Other fields are --send-http-extra-parameters, which Duplicati 2.1 appends unescaped.
        for (Map.Entry<String, String> field : raw.entrySet()) {
            String value = lenientDecode(field.getValue());
            if (value.stripLeading().startsWith("{") || TEXT_REPORT.matcher(value).find()) {
                return value;
            }
        }
        throw new IllegalArgumentException("form body has no field '" + MESSAGE_FIELD
                + "' holding a Duplicati report (fields: " + fieldNames(raw) + ")");
    }

    private static String decode(String value, String field) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("form field '" + field + "' is not valid URL encoding: " + e.getMessage());
        }
    }

    private static String lenientDecode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    /** Names only, never values (an extra parameter may be a key), and few of them. */
    private static String fieldNames(Map<String, String> fields) {
        List<String> names = new ArrayList<>();
        for (String name : fields.keySet()) {
            if (names.size() == 5) {
                names.add("...");
                break;
            }
            names.add(name.length() > 40 ? name.substring(0, 40) + "..." : name);
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    // ---------------------------------------------------------------- JSON

    private static DuplicatiReport parseJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("report is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("JSON report is not an object");
        }
        JsonNode data = root.path("Data");
        JsonNode extra = root.path("Extra");
        if (!data.isObject()) {
            if (!root.has("ParsedResult")) {
                throw new IllegalArgumentException("JSON has no 'Data' object, so it is not a Duplicati report"
                        + " (expected {\"Data\": {\"ParsedResult\": ...}, \"Extra\": {...}})");
            }
            data = root; // the result object alone, as a relay script may forward it
        }

        Messages warnings = new Messages();
        Messages errors = new Messages();
        String parsedResult = text(data, "ParsedResult");
        if (parsedResult == null) {
            // Only there when the message template names %PARSEDRESULT%; then it is Fatal for an exception.
            parsedResult = text(extra, "ParsedResult");
        }
        // Older Duplicati hands a failed run's exception itself over as the result, and Newtonsoft
        // writes an exception as {"ClassName", "Message", "StackTraceString", ...}.
        boolean exception = data.has("ClassName") && data.has("Message");
        Result result = parsedResult != null ? Result.parse(parsedResult)
                : exception ? Result.FATAL : Result.UNKNOWN;

        // Data.Warnings/Errors are left out by Duplicati's own serializer but sent by some relays;
        // otherwise the messages are in LogLines (warning level and up by default).
        boolean listed = data.path("Warnings").size() > 0 || data.path("Errors").size() > 0;
        strings(data.path("Warnings"), warnings::add);
        strings(data.path("Errors"), errors::add);
        if (!listed) {
            strings(root.path("LogLines"), line -> classify(line, warnings, errors));
        }
        if (exception) {
            errors.addFirst(text(data, "Message"));
        }

        String operation = text(data, "MainOperation");
        if (operation == null) {
            operation = text(extra, "OperationName");
        }
        Instant begin = instant(text(data, "BeginTime"));
        Instant end = instant(text(data, "EndTime"));
        return report(result, operation, text(extra, "backup-name"), begin, end,
                timeSpan(text(data, "Duration"), begin, end), number(data.get("SizeOfExaminedFiles")),
                number(data.get("SizeOfAddedFiles")), number(data.get("WarningsActualLength")),
                number(data.get("ErrorsActualLength")), warnings, errors);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text.trim();
    }

    private static Long number(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        return value.isTextual() ? number(value.asText()) : null;
    }

    private static void strings(JsonNode array, java.util.function.Consumer<String> sink) {
        if (array.isArray()) {
            for (JsonNode item : array) {
                if (item.isValueNode() && !item.isNull()) {
                    sink.accept(item.asText());
                }
            }
        }
    }

    // ---------------------------------------------------------------- text

    private static DuplicatiReport parseText(String text) {
        String operation = null;
        String backupName = null;
        Map<String, String> values = new HashMap<>();
        Messages warnings = new Messages();
        Messages errors = new Messages();
        boolean header = false;
        boolean inLog = false;
        Messages openList = null;
        boolean expectItem = false;

        for (String line : text.split("\r\n|\r|\n")) {
            if (inLog) {
                classify(line, warnings, errors);
                continue;
            }
            if (openList != null) {
                // PrintSerializeObject: "Key: [", items indented 4 and separated by ",\n", then "]".
                if (line.strip().equals("]")) {
                    openList = null;
                } else if (expectItem && line.startsWith("    ")) {
                    String item = line.strip();
                    expectItem = item.endsWith(",");
                    openList.add(expectItem ? item.substring(0, item.length() - 1) : item);
                } else {
                    expectItem = line.endsWith(",");
                }
                continue;
            }
            if (line.strip().equals("Log data:")) {
                inLog = true;
                continue;
            }
            // The length bound keeps the backtracking HEADER pattern cheap on a hostile line.
            Matcher h = HEADER.matcher(line.length() <= MAX_HEADER_CHARS ? line : "");
            if (!header && values.isEmpty() && h.matches()) {
                header = true;
                operation = h.group(1);
                backupName = h.group(2).isBlank() ? null : h.group(2).trim();
                continue;
            }
            Matcher kv = KEY_VALUE.matcher(line);
            if (kv.matches()) {
                String key = kv.group(1);
                String value = kv.group(2).trim();
                if (value.equals("[")) {
                    openList = key.equals("Warnings") ? warnings : key.equals("Errors") ? errors : new Messages();
                    expectItem = true;
                } else {
                    // First wins: an exception's Details may be followed by the result's own lines.
                    values.putIfAbsent(key, value);
                }
            }
        }

        String failed = values.get("Failed");
        String parsedResult = values.get("ParsedResult");
        if (failed == null && parsedResult == null && !header && !values.containsKey("MainOperation")) {
            throw new IllegalArgumentException("text is not a Duplicati report: no 'Duplicati ... report for ...'"
                    + " line and no 'ParsedResult:' or 'Failed:' line");
        }
        Result result;
        if (failed != null) {
            // Duplicati reports an operation stopped by an exception as Fatal, and writes no ParsedResult then.
            result = Result.FATAL;
            errors.addFirst(failed);
        } else {
            result = parsedResult == null ? Result.UNKNOWN : Result.parse(parsedResult);
        }
        if (values.containsKey("MainOperation")) {
            operation = values.get("MainOperation");
        }
        Instant begin = instant(values.get("BeginTime"));
        Instant end = instant(values.get("EndTime"));
        return report(result, operation, backupName, begin, end, timeSpan(values.get("Duration"), begin, end),
                number(values.get("SizeOfExaminedFiles")), number(values.get("SizeOfAddedFiles")),
                number(values.get("WarningsActualLength")), number(values.get("ErrorsActualLength")), warnings,
                errors);
    }

    // ---------------------------------------------------------------- shared

    private static DuplicatiReport report(Result result, String operation, String backupName, Instant begin,
            Instant end, Duration duration, Long examined, Long added, Long warningCount, Long errorCount,
            Messages warnings, Messages errors) {
        int w = warningCount == null ? warnings.seen : clampToInt(warningCount);
        int e = errorCount == null ? errors.seen : clampToInt(errorCount);
        if (result == Result.FATAL && e == 0) {
            e = 1; // the exception that stopped it
        }
        // Duplicati derives ParsedResult from the same lists, so these only catch a relay's mismatch.
        if (e > 0 && result.successful()) {
            result = Result.ERROR;
        } else if (w > 0 && result == Result.SUCCESS) {
            result = Result.WARNING;
        }
        return new DuplicatiReport(result, operation, backupName, begin, end, duration, examined, added, w, e,
                warnings.kept, errors.kept);
    }

    private static int clampToInt(long n) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, n));
    }

    /** Sorts a log line into warnings or errors by its {@code [Level-...]} tag; other levels are dropped. */
    private static void classify(String line, Messages warnings, Messages errors) {
        Matcher m = LOG_ENTRY.matcher(firstLine(line).strip());
        if (m.matches() && m.group(1).equals("Error")) {
            errors.add(line);
        } else if (m.matches() && m.group(1).equals("Warning")) {
            warnings.add(line);
        }
    }

    private static Long number(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** ISO with offset (JSON), ISO without one (taken as UTC), or the text format's {@code (unix seconds)}. */
    static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String s = text.trim();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ignored) {
            // not ISO with an offset
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // not ISO at all
        }
        Matcher m = UNIX_TIME_SUFFIX.matcher(s);
        return m.find() ? Instant.ofEpochSecond(Long.parseLong(m.group(1))) : null;
    }

    /** A .NET TimeSpan; failing that, end minus begin; failing that, null. */
    static Duration timeSpan(String text, Instant begin, Instant end) {
        Matcher m = text == null ? null : TIME_SPAN.matcher(text.trim());
        if (m != null && m.matches()) {
            String fraction = m.group(6) == null ? "" : m.group(6);
            Duration d = Duration.ofDays(m.group(2) == null ? 0 : Long.parseLong(m.group(2)))
                    .plusHours(Long.parseLong(m.group(3)))
                    .plusMinutes(Long.parseLong(m.group(4)))
                    .plusSeconds(Long.parseLong(m.group(5)))
                    .plusNanos(fraction.isEmpty() ? 0 : Long.parseLong((fraction + "000000000").substring(0, 9)));
            return m.group(1) == null ? d : d.negated();
        }
        if (begin != null && end != null && !end.isBefore(begin)) {
            return Duration.between(begin, end);
        }
        return null;
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        int cr = text.indexOf('\r');
        int cut = nl < 0 ? cr : cr < 0 ? nl : Math.min(nl, cr);
        return cut < 0 ? text : text.substring(0, cut);
    }

    /** The first {@link #MAX_MESSAGES} distinct messages, one line each and cut to length, and how many were seen. */
    private static final class Messages {
        final List<String> kept = new ArrayList<>();
        int seen;

        void add(String raw) {
            String m = clean(raw);
            if (m.isEmpty() || kept.contains(m)) {
                return;
            }
            seen++;
            if (kept.size() < MAX_MESSAGES) {
                kept.add(m);
            }
        }

        void addFirst(String raw) {
            String m = clean(raw);
            if (m.isEmpty()) {
                return;
            }
            if (kept.remove(m)) {
                seen--;
            }
            seen++;
            kept.add(0, m);
            if (kept.size() > MAX_MESSAGES) {
                kept.remove(kept.size() - 1);
            }
        }

        private static String clean(String raw) {
            if (raw == null) {
                return "";
            }
            // One line, no control characters: these land in chat posts and log lines.
            String line = firstLine(raw).replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").strip();
            // A log line's time and [Level-Source-Id] tell a reader nothing the count does not.
            Matcher log = LOG_ENTRY.matcher(line);
            if (log.matches()) {
                line = log.group(3).isBlank() ? log.group(2) : log.group(3);
            }
            return line.length() <= MAX_MESSAGE_CHARS ? line : line.substring(0, MAX_MESSAGE_CHARS - 3) + "...";
        }
    }
}
