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
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@code vigil.yaml}. Each service loads only the sections it uses, so that, say, the
 * alert-service needs none of the notifier's webhook variables. Every problem is reported with
 * the path of the field ({@code rules[0] (high-cpu).warning.above}) so a bad file is refused at
 * start with a message that says where to look. Unknown keys are errors too: a typo must not
 * silently disable a rule. The API reads single rules and maintenance windows through
 * {@link #parseRule} and {@link #parseMaintenance}, with the same checks and relative paths.
 */
public final class ConfigLoader {

    /** The top-level sections of the file. */
    public enum Section {
        COLLECTOR("collector"),
        RULES("rules"),
        ROUTES("routes"),
        ALERTING("alerting"),
        INHIBIT("inhibit"),
        MAINTENANCE("maintenance"),
        CHECKS("checks"),
        DOMAINS("domains"),
        SCRAPE("scrape"),
        PROCESSES("processes");

        final String key;

        Section(String key) {
            this.key = key;
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");
    private static final Pattern CHANNEL = Pattern.compile("[@#]?[a-z0-9._-]+");
    private static final Set<String> TOP_LEVEL_KEYS = Arrays.stream(Section.values()).map(s -> s.key)
            .collect(Collectors.toUnmodifiableSet());

    private final Function<String, String> environment;
    private final Set<Section> sections;
    private final boolean routingOnly;

    private ConfigLoader(Function<String, String> environment, Set<Section> sections, boolean routingOnly) {
        this.environment = environment;
        this.sections = sections;
        this.routingOnly = routingOnly;
    }

    /** A loader for the given sections that reads {@code ${VAR}} from the process environment. */
    public static ConfigLoader forSections(Section first, Section... rest) {
        return new ConfigLoader(System::getenv, EnumSet.of(first, rest), false);
    }

    /** A loader for every section. */
    public static ConfigLoader all() {
        return new ConfigLoader(System::getenv, EnumSet.allOf(Section.class), false);
    }

    /** The same loader, reading variables from {@code environment} instead (tests, the launcher). */
    public ConfigLoader withEnvironment(Function<String, String> environment) {
        return new ConfigLoader(environment, sections, routingOnly);
    }

    /**
     * The same loader for a service that reads {@code routes:} only to group notifications (the
     * alert-service): an unset variable inside {@code mattermost:} stays as its {@code ${VAR}} text
     * instead of failing, since only the notifier holds the webhook secrets. Everything else is
     * checked as usual.
     */
    public ConfigLoader routingOnly() {
        return new ConfigLoader(environment, sections, true);
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
            throw e.inFile(file);
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
            throw new ConfigException("the file must be a mapping with the sections "
                    + String.join(", ", TOP_LEVEL_KEYS.stream().sorted().toList()));
        }
        Fields.checkKeys(root, "", TOP_LEVEL_KEYS);
        Fields fields = new Fields(this::interpolate);
        CollectorConfig collector = loads(Section.COLLECTOR) ? collector(root.get("collector"), fields) : null;
        List<RuleConfig> rules = loads(Section.RULES) ? rules(root.get("rules"), fields) : List.of();
        List<RouteConfig> routes = loads(Section.ROUTES) ? routes(root.get("routes"), fields) : List.of();
        AlertingConfig alerting = loads(Section.ALERTING) ? alerting(root.get("alerting"), fields) : null;
        List<InhibitRule> inhibit = loads(Section.INHIBIT) ? inhibit(root.get("inhibit"), fields) : List.of();
        List<MaintenanceConfig> maintenance = loads(Section.MAINTENANCE)
                ? maintenance(root.get("maintenance"), fields) : List.of();
        List<CheckConfig> checks = loads(Section.CHECKS) ? checks(root.get("checks"), fields) : List.of();
        List<DomainConfig> domains = loads(Section.DOMAINS) ? domains(root.get("domains"), fields) : List.of();
        List<ScrapeConfig> scrape = loads(Section.SCRAPE) ? scrape(root.get("scrape"), fields) : List.of();
        List<ProcessConfig> processes = loads(Section.PROCESSES) ? processes(root.get("processes"), fields) : List.of();
        return new VigilConfig(collector, rules, routes, alerting, inhibit, maintenance, checks, domains, scrape,
                processes);
    }

    /** One domain as the domain-service API receives it; literal text and relative paths as in {@link #parseRule}. */
    public DomainConfig parseDomain(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ConfigException("a domain must be a JSON object");
        }
        return DomainFormat.read(node, "", Fields.LITERAL);
    }

    /** One scrape target in the shape {@link ConfigWriter#scrape} writes; literal text and relative paths. */
    public ScrapeConfig parseScrape(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ConfigException("a scrape target must be a JSON object");
        }
        return ScrapeFormat.read(node, "", Fields.LITERAL);
    }

    /** One watched process in the shape {@link ConfigWriter#process} writes; literal text and relative paths. */
    public ProcessConfig parseProcess(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ConfigException("a process must be a JSON object");
        }
        return ProcessFormat.read(node, "", Fields.LITERAL);
    }

    /**
     * One check as the health-service API receives it; literal text (no environment) and relative
     * paths as in {@link #parseRule}.
     */
    public CheckConfig parseCheck(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ConfigException("a check must be a JSON object");
        }
        return CheckFormat.read(node, "", Fields.LITERAL);
    }

    /**
     * One rule as the API receives it, checked as in the file. {@code ${VAR}} is kept as literal
     * text: an API user must not read the server's environment. Error paths are relative to the
     * rule ({@code warning.abve}).
     */
    public RuleConfig parseRule(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ConfigException("a rule must be a JSON object");
        }
        return RuleFormat.read(node, "", Fields.LITERAL);
    }

    /** One maintenance window as the API receives it; literal text and relative paths as in {@link #parseRule}. */
    public MaintenanceConfig parseMaintenance(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ConfigException("a maintenance window must be a JSON object");
        }
        return MaintenanceFormat.read(node, "", Fields.LITERAL);
    }

    /**
     * A JSON array of matcher strings ({@code ["host=~\"web-.*\""]}) as literal text; null or
     * missing is empty. Errors name {@code where[i]}.
     */
    public static List<LabelMatcher> parseMatchers(JsonNode node, String where) {
        return Fields.LITERAL.matchers(node, where == null ? "" : where);
    }

    private boolean loads(Section section) {
        return sections.contains(section);
    }

    private CollectorConfig collector(JsonNode node, Fields fields) {
        if (node == null || node.isNull()) {
            return CollectorConfig.defaults();
        }
        Fields.requireObject(node, "collector");
        Fields.checkKeys(node, "collector", Set.of("interval", "host"));
        Duration interval = node.has("interval") ? fields.duration(node.get("interval"), "collector.interval")
                : CollectorConfig.DEFAULT_INTERVAL;
        Fields.atLeast(interval, CollectorConfig.MIN_INTERVAL, "collector.interval");
        String host = node.has("host") ? fields.text(node.get("host"), "collector.host") : null;
        return new CollectorConfig(interval, host == null || host.isBlank() ? null : host);
    }

    private List<RuleConfig> rules(JsonNode node, Fields fields) {
        return named(node, "rules", "rules", "another rule has the same name", false,
                (n, where) -> RuleFormat.read(n, where, fields), RuleConfig::name);
    }

    private AlertingConfig alerting(JsonNode node, Fields fields) {
        if (node == null || node.isNull()) {
            return AlertingConfig.DEFAULTS;
        }
        String where = "alerting";
        Fields.requireObject(node, where);
        Fields.checkKeys(node, where, Set.of("group-by", "group-wait", "group-interval", "repeat-interval", "flapping"));
        AlertingConfig d = AlertingConfig.DEFAULTS;
        List<String> groupBy = node.has("group-by")
                ? fields.labelNames(node.get("group-by"), where + ".group-by") : d.groupBy();
        Duration wait = fields.optionalDuration(node, "group-wait", where);
        Duration interval = Fields.positive(fields.optionalDuration(node, "group-interval", where),
                where + ".group-interval");
        Duration repeat = Fields.positive(fields.optionalDuration(node, "repeat-interval", where),
                where + ".repeat-interval");
        Flapping flapping = fields.flapping(node.get("flapping"), where + ".flapping");
        return new AlertingConfig(groupBy, wait != null ? wait : d.groupWait(),
                interval != null ? interval : d.groupInterval(), repeat != null ? repeat : d.repeatInterval(),
                flapping != null ? flapping : d.flapping());
    }

    private List<InhibitRule> inhibit(JsonNode node, Fields fields) {
        JsonNode list = Fields.list(node, "inhibit", "inhibit rules");
        List<InhibitRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "inhibit[" + i + "]";
            JsonNode r = list.get(i);
            Fields.requireObject(r, where);
            String given = fields.optionalText(r, "name", where);
            if (given != null && given.isBlank()) {
                throw ConfigException.at(where + ".name", "must not be empty (leave it out for the default "
                        + where + ")");
            }
            String name = given != null ? given : where;
            String at = given != null ? Fields.named(where, name) : where;
            if (!names.add(name)) {
                throw ConfigException.at(at + ".name", "another inhibit rule has the same name");
            }
            Fields.checkKeys(r, at, Set.of("name", "source", "target", "equal"));
            List<LabelMatcher> source = fields.matchers(r.get("source"), at + ".source");
            if (source.isEmpty()) {
                throw ConfigException.at(at + ".source", "is required: matchers for the alerts that mute others,"
                        + " e.g. ['rule=\"host-down\"']");
            }
            Fields.checkSeverityMatchers(source, at + ".source");
            List<LabelMatcher> target = fields.matchers(r.get("target"), at + ".target");
            Fields.checkSeverityMatchers(target, at + ".target");
            List<String> equal = fields.labelNames(r.get("equal"), at + ".equal");
            rules.add(new InhibitRule(name, source, target, equal));
        }
        return rules;
    }

    private List<MaintenanceConfig> maintenance(JsonNode node, Fields fields) {
        return named(node, "maintenance", "maintenance windows", "another maintenance window has the same name", false,
                (n, where) -> MaintenanceFormat.read(n, where, fields), MaintenanceConfig::name);
    }

    private List<CheckConfig> checks(JsonNode node, Fields fields) {
        return named(node, "checks", "checks", "another check has the same name", false,
                (n, where) -> CheckFormat.read(n, where, fields), CheckConfig::name);
    }

    private List<DomainConfig> domains(JsonNode node, Fields fields) {
        // Domain names are case-insensitive: Example.org and example.org are one domain.
        return named(node, "domains", "domains", "another domain has the same name", true,
                (n, where) -> DomainFormat.read(n, where, fields), DomainConfig::name);
    }

    private List<ScrapeConfig> scrape(JsonNode node, Fields fields) {
        return named(node, "scrape", "scrape targets", "another scrape target has the same name", false,
                (n, where) -> ScrapeFormat.read(n, where, fields), ScrapeConfig::name);
    }

    private List<ProcessConfig> processes(JsonNode node, Fields fields) {
        return named(node, "processes", "processes", "another process has the same name", false,
                (n, where) -> ProcessFormat.read(n, where, fields), ProcessConfig::name);
    }

    /**
     * A section that is a list of named objects: each read at {@code section[i]}, and a name used
     * twice refused at {@code section[i] (name).name}.
     */
    private static <T> List<T> named(JsonNode node, String section, String what, String sameName,
            boolean ignoreCase, java.util.function.BiFunction<JsonNode, String, T> read, Function<T, String> nameOf) {
        JsonNode list = Fields.list(node, section, what);
        List<T> items = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            T item = read.apply(list.get(i), section + "[" + i + "]");
            String name = nameOf.apply(item);
            if (!names.add(ignoreCase ? name.toLowerCase(java.util.Locale.ROOT) : name)) {
                throw ConfigException.at(section + "[" + i + "] (" + name + ").name", sameName);
            }
            items.add(item);
        }
        return items;
    }

    private List<RouteConfig> routes(JsonNode node, Fields fields) {
        JsonNode list = Fields.list(node, "routes", "routes");
        List<RouteConfig> routes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String where = "routes[" + i + "]";
            Fields.requireObject(r, where);
            String name = fields.requiredText(r, "name", where);
            where = Fields.named(where, name);
            if (!names.add(name)) {
                throw ConfigException.at(where + ".name", "another route has the same name");
            }
            Fields.checkKeys(r, where, Set.of("name", "match", "matchers", "group-by", "group-wait", "group-interval",
                    "repeat-interval", "mattermost"));
            Map<String, String> match = fields.labelMap(r.get("match"), where + ".match");
            String severity = match.get("severity");
            if (severity != null && !Fields.isSeverity(severity)) {
                throw ConfigException.at(where + ".match.severity", "'" + severity + "' is not warning or critical");
            }
            List<LabelMatcher> matchers = fields.matchers(r.get("matchers"), where + ".matchers");
            Fields.checkSeverityMatchers(matchers, where + ".matchers");
            List<String> groupBy = r.hasNonNull("group-by") ? fields.labelNames(r.get("group-by"), where + ".group-by")
                    : null;
            Duration wait = fields.optionalDuration(r, "group-wait", where);
            Duration interval = Fields.positive(fields.optionalDuration(r, "group-interval", where),
                    where + ".group-interval");
            Duration repeat = Fields.positive(fields.optionalDuration(r, "repeat-interval", where),
                    where + ".repeat-interval");
            MattermostTarget target = mattermost(r.get("mattermost"), where + ".mattermost");
            routes.add(new RouteConfig(name, match, matchers, groupBy, wait, interval, repeat, target));
        }
        return routes;
    }

    private MattermostTarget mattermost(JsonNode mm, String where) {
        if (mm == null || mm.isNull()) {
            throw ConfigException.at(where, "is required");
        }
        Fields.requireObject(mm, where);
        Fields.checkKeys(mm, where, Set.of("webhook-url", "channel", "username", "icon-url"));
        Fields fields = new Fields(routingOnly ? this::interpolateIfSet : this::interpolate);
        String url = fields.optionalText(mm, "webhook-url", where);
        if (url == null || url.isBlank()) {
            throw ConfigException.at(where + ".webhook-url", "is required");
        }
        if (checkable(url) && !url.startsWith("http://") && !url.startsWith("https://")) {
            // Never echo the value: it is a secret.
            throw ConfigException.at(where + ".webhook-url", "must be an http(s) URL");
        }
        String channel = fields.optionalText(mm, "channel", where);
        if (channel != null && checkable(channel) && !CHANNEL.matcher(channel).matches()) {
            throw ConfigException.at(where + ".channel", "'" + channel
                    + "' is not a channel name (lower-case, digits, '-', '_', '.'; or @user)");
        }
        String username = fields.optionalText(mm, "username", where);
        String icon = fields.optionalText(mm, "icon-url", where);
        if (icon != null && checkable(icon) && !icon.startsWith("http://") && !icon.startsWith("https://")) {
            throw ConfigException.at(where + ".icon-url", "must be an http(s) URL");
        }
        return new MattermostTarget(url, channel, username, icon);
    }

    /** Routing-only loading leaves unset variables as text, which no format check could accept. */
    private boolean checkable(String value) {
        return !routingOnly || !VARIABLE.matcher(value).find();
    }

    /** Replaces {@code ${VAR}} and {@code ${VAR:default}}; an unset variable without default is an error. */
    String interpolate(String value, String where) {
        return interpolate(value, where, false);
    }

    private String interpolateIfSet(String value, String where) {
        return interpolate(value, where, true);
    }

    private String interpolate(String value, String where, boolean keepUnset) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = environment.apply(m.group(1));
            if (v == null || v.isEmpty()) {
                v = m.group(2);
            }
            if (v == null && keepUnset) {
                v = m.group();
            }
            if (v == null) {
                throw ConfigException.at(where, "environment variable " + m.group(1) + " is not set");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
