package io.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** One scrape target, as in the {@code scrape:} section. */
final class ScrapeFormat {

    static final Set<String> KEYS = Set.of("name", "url", "interval", "timeout", "labels", "keep", "drop", "basic-auth",
            "bearer-token", "body-size-limit");
    /** Below 1 KiB not even an {@code up} page would fit; a 0 would silently mean the default. */
    static final long MIN_BODY_SIZE_LIMIT = 1024;
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*(:[^}]*)?}");

    private ScrapeFormat() {
    }

    static ScrapeConfig read(JsonNode node, String where, Fields fields) {
        Fields.requireObject(node, where);
        String name = fields.name(node, where);
        String at = Fields.named(where, name);
        Fields.checkKeys(node, at, KEYS);
        URI url = CheckFormat.httpUrl(fields.requiredText(node, "url", at), Fields.path(at, "url"));
        Duration interval = fields.optionalDuration(node, "interval", at);
        Fields.atLeast(interval, ScrapeConfig.MIN_INTERVAL, Fields.path(at, "interval"));
        Duration timeout = Fields.positive(fields.optionalDuration(node, "timeout", at), Fields.path(at, "timeout"));
        Duration every = interval != null ? interval : ScrapeConfig.DEFAULT_INTERVAL;
        if (timeout != null && timeout.compareTo(every) > 0) {
            // A scrape still running when the next is due would be skipped: every other scrape lost.
            throw ConfigException.at(Fields.path(at, "timeout"), Durations.format(timeout)
                    + " is longer than the interval (" + Durations.format(every) + ")");
        }
        Map<String, String> labels = fields.labelMap(node.get("labels"), Fields.path(at, "labels"));
        for (String reserved : ScrapeConfig.RESERVED_LABELS) {
            if (labels.containsKey(reserved)) {
                throw ConfigException.at(Fields.path(Fields.path(at, "labels"), reserved),
                        "set by the scraper (job is the target's name, instance its host:port)");
            }
        }
        List<Pattern> keep = patterns(node.get("keep"), Fields.path(at, "keep"), fields);
        List<Pattern> drop = patterns(node.get("drop"), Fields.path(at, "drop"), fields);
        ScrapeConfig.BasicAuth basic = node.hasNonNull("basic-auth")
                ? basicAuth(node.get("basic-auth"), Fields.path(at, "basic-auth"), fields) : null;
        String bearer = fields.optionalText(node, "bearer-token", at);
        if (bearer != null && bearer.isBlank()) {
            throw ConfigException.at(Fields.path(at, "bearer-token"), "must not be empty");
        }
        if (basic != null && bearer != null) {
            throw ConfigException.at(at, "give basic-auth or bearer-token, not both");
        }
        long bodySizeLimit = node.hasNonNull("body-size-limit")
                ? bodySize(fields.text(node.get("body-size-limit"), Fields.path(at, "body-size-limit")),
                        Fields.path(at, "body-size-limit"))
                : 0;
        return new ScrapeConfig(name, url, interval, timeout, labels, keep, drop, basic, bearer, bodySizeLimit);
    }

    private static long bodySize(String text, String where) {
        long bytes;
        try {
            bytes = ByteSizes.parse(text);
        } catch (IllegalArgumentException e) {
            throw ConfigException.at(where, e.getMessage());
        }
        if (bytes < MIN_BODY_SIZE_LIMIT) {
            throw ConfigException.at(where, ByteSizes.format(bytes) + " is below the minimum of "
                    + ByteSizes.format(MIN_BODY_SIZE_LIMIT));
        }
        return bytes;
    }

    /** A list of regular expressions over metric names ({@code ["go_.*"]}); absent is empty. */
    static List<Pattern> patterns(JsonNode node, String where, Fields fields) {
        JsonNode list = Fields.list(node, where, "regular expressions over metric names, e.g. [\"go_.*\"]");
        List<Pattern> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = Fields.index(where, i);
            String text = fields.text(list.get(i), at);
            out.add(regex(text, at));
        }
        return out;
    }

    static Pattern regex(String text, String where) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw ConfigException.at(where, "not a regular expression: " + e.getDescription());
        }
    }

    private static ScrapeConfig.BasicAuth basicAuth(JsonNode node, String where, Fields fields) {
        Fields.requireObject(node, where);
        Fields.checkKeys(node, where, Set.of("username", "password"));
        String username = fields.requiredText(node, "username", where);
        if (username.indexOf(':') >= 0) {
            throw ConfigException.at(Fields.path(where, "username"), "must not contain ':' (basic auth splits there)");
        }
        String password = fields.optionalText(node, "password", where);
        if (password == null) {
            throw ConfigException.at(Fields.path(where, "password"), "is required");
        }
        return new ScrapeConfig.BasicAuth(username, password);
    }

    /**
     * The target in the shape {@link #read} takes. With {@code masked}, the password and token are
     * {@value CheckFormat#MASK}, except {@code ${VAR}} references, which hold no secret.
     */
    static ObjectNode write(ScrapeConfig s, boolean masked) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", s.name());
        node.put("url", s.url().toString());
        node.put("interval", Durations.format(s.interval()));
        node.put("timeout", Durations.format(s.timeout()));
        if (s.bodySizeLimit() != ScrapeConfig.DEFAULT_BODY_SIZE_LIMIT) {
            node.put("body-size-limit", ByteSizes.format(s.bodySizeLimit()));
        }
        if (!s.labels().isEmpty()) {
            ObjectNode labels = node.putObject("labels");
            s.labels().forEach(labels::put);
        }
        if (!s.keep().isEmpty()) {
            ArrayNode keep = node.putArray("keep");
            s.keep().forEach(p -> keep.add(p.pattern()));
        }
        if (!s.drop().isEmpty()) {
            ArrayNode drop = node.putArray("drop");
            s.drop().forEach(p -> drop.add(p.pattern()));
        }
        if (s.basicAuth() != null) {
            node.putObject("basic-auth").put("username", s.basicAuth().username())
                    .put("password", secret(s.basicAuth().password(), masked));
        }
        if (s.bearerToken() != null) {
            node.put("bearer-token", secret(s.bearerToken(), masked));
        }
        return node;
    }

    private static String secret(String value, boolean masked) {
        return !masked || VARIABLE.matcher(value).matches() ? value : CheckFormat.MASK;
    }
}
