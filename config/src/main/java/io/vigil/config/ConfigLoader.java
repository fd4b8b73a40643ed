package io.vigil.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code vigil.yaml}. Each service loads only the sections it uses, so that, say, the
 * alert-service needs none of the notifier's webhook variables. Every problem is reported with
 * the path of the field ({@code rules[0] (high-cpu).warning.above}) so a bad file is refused at
 * start with a message that says where to look. Unknown keys are errors too: a typo must not
 * silently disable a rule.
 */
public final class ConfigLoader {

    /** The top-level sections of the file. */
    public enum Section {
        COLLECTOR("collector"),
        RULES("rules"),
        ROUTES("routes");

        final String key;

        Section(String key) {
            this.key = key;
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");
    private static final Pattern RULE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern CHANNEL = Pattern.compile("[@#]?[a-z0-9._-]+");

    private final Function<String, String> environment;
    private final Set<Section> sections;

    private ConfigLoader(Function<String, String> environment, Set<Section> sections) {
        this.environment = environment;
        this.sections = sections;
    }

    /** A loader for the given sections that reads {@code ${VAR}} from the process environment. */
    public static ConfigLoader forSections(Section first, Section... rest) {
        return new ConfigLoader(System::getenv, EnumSet.of(first, rest));
    }

    /** A loader for every section. */
    public static ConfigLoader all() {
        return new ConfigLoader(System::getenv, EnumSet.allOf(Section.class));
    }

    /** The same loader, reading variables from {@code environment} instead (tests, the launcher). */
    public ConfigLoader withEnvironment(Function<String, String> environment) {
        return new ConfigLoader(environment, sections);
    }

    public VigilConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(text);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    public VigilConfig parse(String yaml) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException("not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() : ""));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return VigilConfig.empty();
        }
        if (!root.isObject()) {
            throw new ConfigException("the file must be a mapping with collector, rules and routes");
        }
        checkKeys(root, "", Set.of("collector", "rules", "routes"));
        CollectorConfig collector = sections.contains(Section.COLLECTOR) ? collector(root.get("collector")) : null;
        List<RuleConfig> rules = sections.contains(Section.RULES) ? rules(root.get("rules")) : List.of();
        List<RouteConfig> routes = sections.contains(Section.ROUTES) ? routes(root.get("routes")) : List.of();
        return new VigilConfig(collector, rules, routes);
    }

    private CollectorConfig collector(JsonNode node) {
        if (node == null || node.isNull()) {
            return CollectorConfig.defaults();
        }
        requireObject(node, "collector");
        checkKeys(node, "collector", Set.of("interval", "host"));
        Duration interval = node.has("interval") ? duration(node.get("interval"), "collector.interval")
                : CollectorConfig.DEFAULT_INTERVAL;
        if (interval.compareTo(CollectorConfig.MIN_INTERVAL) < 0) {
            throw new ConfigException("collector.interval: " + Durations.format(interval) + " is below the minimum of 1s");
        }
        String host = node.has("host") ? text(node.get("host"), "collector.host") : null;
        return new CollectorConfig(interval, host == null || host.isBlank() ? null : host);
    }

    private List<RuleConfig> rules(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ConfigException("rules: must be a list of rules");
        }
        List<RuleConfig> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode r = node.get(i);
            String where = "rules[" + i + "]";
            requireObject(r, where);
            String name = r.hasNonNull("name") ? text(r.get("name"), where + ".name") : null;
            if (name == null || name.isBlank()) {
                throw new ConfigException(where + ".name: is required");
            }
            where = where + " (" + name + ")";
            if (!RULE_NAME.matcher(name).matches()) {
                throw new ConfigException(where + ".name: use letters, digits, '-', '_' or '.'");
            }
            if (!names.add(name)) {
                throw new ConfigException(where + ".name: another rule has the same name");
            }
            checkKeys(r, where, Set.of("name", "metric", "labels", "warning", "critical", "clear", "summary"));
            String metric = r.hasNonNull("metric") ? text(r.get("metric"), where + ".metric") : null;
            if (metric == null || metric.isBlank()) {
                throw new ConfigException(where + ".metric: is required");
            }
            if (!METRIC_NAME.matcher(metric).matches()) {
                throw new ConfigException(where + ".metric: '" + metric + "' is not a Prometheus metric name");
            }
            Map<String, String> labels = stringMap(r.get("labels"), where + ".labels", true);
            Level warning = level(r.get("warning"), where + ".warning");
            Level critical = level(r.get("critical"), where + ".critical");
            Level clear = level(r.get("clear"), where + ".clear");
            if (warning == null && critical == null) {
                throw new ConfigException(where + ": needs a warning or a critical level (or both)");
            }
            checkLevels(where, warning, critical, clear);
            String summary = r.hasNonNull("summary") ? text(r.get("summary"), where + ".summary")
                    : "{rule} on {host}: {value}";
            rules.add(RuleConfig.threshold(name, metric, labels, warning, critical, clear, summary));
        }
        return rules;
    }

    private static void checkLevels(String where, Level warning, Level critical, Level clear) {
        if (warning != null && critical != null) {
            if (warning.direction() != critical.direction()) {
                throw new ConfigException(where + ".critical: must use '" + warning.direction().key()
                        + "' like warning does");
            }
            boolean criticalIsWorse = warning.direction() == Level.Direction.ABOVE
                    ? critical.threshold() >= warning.threshold()
                    : critical.threshold() <= warning.threshold();
            if (!criticalIsWorse) {
                throw new ConfigException(where + ".critical." + critical.direction().key()
                        + ": must be at least as far as warning's " + warning.threshold());
            }
        }
        if (clear != null) {
            Level fire = warning != null ? warning : critical;
            if (clear.direction() != fire.direction().opposite()) {
                throw new ConfigException(where + ".clear: must use '" + fire.direction().opposite().key()
                        + "' since the rule fires " + fire.direction().key() + " its threshold");
            }
            boolean clearIsSafe = fire.direction() == Level.Direction.ABOVE
                    ? clear.threshold() <= fire.threshold()
                    : clear.threshold() >= fire.threshold();
            if (!clearIsSafe) {
                throw new ConfigException(where + ".clear." + clear.direction().key() + ": " + clear.threshold()
                        + " is past the firing threshold " + fire.threshold() + "; hysteresis needs a gap");
            }
        }
    }

    private Level level(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return null;
        }
        requireObject(node, where);
        checkKeys(node, where, Set.of("above", "below", "for"));
        boolean above = node.has("above");
        boolean below = node.has("below");
        if (above == below) {
            throw new ConfigException(where + ": needs exactly one of 'above' or 'below'");
        }
        String key = above ? "above" : "below";
        double threshold = number(node.get(key), where + "." + key);
        Duration forDuration = node.has("for") ? duration(node.get("for"), where + ".for") : Duration.ZERO;
        return new Level(above ? Level.Direction.ABOVE : Level.Direction.BELOW, threshold, forDuration);
    }

    private List<RouteConfig> routes(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ConfigException("routes: must be a list of routes");
        }
        List<RouteConfig> routes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode r = node.get(i);
            String where = "routes[" + i + "]";
            requireObject(r, where);
            String name = r.hasNonNull("name") ? text(r.get("name"), where + ".name") : null;
            if (name == null || name.isBlank()) {
                throw new ConfigException(where + ".name: is required");
            }
            where = where + " (" + name + ")";
            if (!names.add(name)) {
                throw new ConfigException(where + ".name: another route has the same name");
            }
            checkKeys(r, where, Set.of("name", "match", "mattermost"));
            Map<String, String> match = stringMap(r.get("match"), where + ".match", true);
            String severity = match.get("severity");
            if (severity != null && !severity.equals("warning") && !severity.equals("critical")) {
                throw new ConfigException(where + ".match.severity: '" + severity + "' is not warning or critical");
            }
            JsonNode mm = r.get("mattermost");
            if (mm == null || mm.isNull()) {
                throw new ConfigException(where + ".mattermost: is required");
            }
            requireObject(mm, where + ".mattermost");
            checkKeys(mm, where + ".mattermost", Set.of("webhook-url", "channel", "username", "icon-url"));
            String url = mm.hasNonNull("webhook-url") ? text(mm.get("webhook-url"), where + ".mattermost.webhook-url") : null;
            if (url == null || url.isBlank()) {
                throw new ConfigException(where + ".mattermost.webhook-url: is required");
            }
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                // Never echo the value: it is a secret.
                throw new ConfigException(where + ".mattermost.webhook-url: must be an http(s) URL");
            }
            String channel = mm.hasNonNull("channel") ? text(mm.get("channel"), where + ".mattermost.channel") : null;
            if (channel != null && !CHANNEL.matcher(channel).matches()) {
                throw new ConfigException(where + ".mattermost.channel: '" + channel
                        + "' is not a channel name (lower-case, digits, '-', '_', '.'; or @user)");
            }
            String username = mm.hasNonNull("username") ? text(mm.get("username"), where + ".mattermost.username") : null;
            String icon = mm.hasNonNull("icon-url") ? text(mm.get("icon-url"), where + ".mattermost.icon-url") : null;
            if (icon != null && !icon.startsWith("http://") && !icon.startsWith("https://")) {
                throw new ConfigException(where + ".mattermost.icon-url: must be an http(s) URL");
            }
            routes.add(new RouteConfig(name, match, new MattermostTarget(url, channel, username, icon)));
        }
        return routes;
    }

    private Map<String, String> stringMap(JsonNode node, String where, boolean labelKeys) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        requireObject(node, where);
        Map<String, String> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (labelKeys && !LABEL_NAME.matcher(f.getKey()).matches()) {
                throw new ConfigException(where + "." + f.getKey() + ": not a label name");
            }
            map.put(f.getKey(), text(f.getValue(), where + "." + f.getKey()));
        }
        return map;
    }

    private String text(JsonNode node, String where) {
        if (node == null || !(node.isValueNode()) || node.isNull()) {
            throw new ConfigException(where + ": must be a text value");
        }
        return interpolate(node.asText(), where);
    }

    private double number(JsonNode node, String where) {
        if (node != null && node.isNumber()) {
            return node.doubleValue();
        }
        if (node != null && node.isTextual()) {
            try {
                return Double.parseDouble(interpolate(node.asText(), where).trim());
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new ConfigException(where + ": must be a number");
    }

    private Duration duration(JsonNode node, String where) {
        if (node != null && node.isIntegralNumber() && node.asLong() == 0) {
            return Duration.ZERO;
        }
        try {
            return Durations.parse(text(node, where));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + e.getMessage());
        }
    }

    /** Replaces {@code ${VAR}} and {@code ${VAR:default}}; an unset variable without default is an error. */
    String interpolate(String value, String where) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = environment.apply(m.group(1));
            if (v == null || v.isEmpty()) {
                v = m.group(2);
            }
            if (v == null) {
                throw new ConfigException(where + ": environment variable " + m.group(1) + " is not set");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static void requireObject(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new ConfigException(where + ": must be a mapping");
        }
    }

    private static void checkKeys(JsonNode node, String where, Set<String> allowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!allowed.contains(n)) {
                throw new ConfigException((where.isEmpty() ? "" : where + ".") + n + ": unknown key (expected one of "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }
}
