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
        PROCESSES("processes"),
        NOTIFIER("notifier"),
        HISTORY("history");

        final String key;

        Section(String key) {
            this.key = key;
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");
    private static final Pattern CHANNEL = Pattern.compile("[@#]?[a-z0-9._-]+");
    private static final Pattern CHANNEL_ID = Pattern.compile("[a-z0-9]{26}");
    private static final Pattern MENTION = Pattern.compile("@[A-Za-z0-9._-]+( +@[A-Za-z0-9._-]+)*");
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
        NotifierSettings notifier = loads(Section.NOTIFIER) ? notifier(root.get("notifier"), fields, routes) : null;
        HistoryConfig history = loads(Section.HISTORY) ? history(root.get("history"), fields) : null;
        return new VigilConfig(collector, rules, routes, alerting, inhibit, maintenance, checks, domains, scrape,
                processes, notifier, history);
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

    /**
     * One route as the notifier's API receives it (with its child routes), checked as in the file;
     * literal text (a webhook URL given as {@code ${VAR}} is refused, not read from the environment)
     * and relative paths ({@code mattermost.webhook-url}). It cannot be the default route.
     *
     * @param taken names already used by other routes (a child may not reuse one either)
     */
    public RouteConfig parseRoute(JsonNode node, Set<String> taken) {
        if (node == null || !node.isObject()) {
            throw new ConfigException("a route must be a JSON object");
        }
        if (node.has("default")) {
            throw ConfigException.at("default", "the default route comes from the config file");
        }
        Set<String> names = new HashSet<>(taken);
        return route(node, "", null, Fields.LITERAL, Fields.LITERAL, names);
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
        Fields.checkKeys(node, "collector", Set.of("interval", "host", "procfs", "sysfs", "rootfs"));
        Duration interval = node.has("interval") ? fields.duration(node.get("interval"), "collector.interval")
                : CollectorConfig.DEFAULT_INTERVAL;
        Fields.atLeast(interval, CollectorConfig.MIN_INTERVAL, "collector.interval");
        String host = node.has("host") ? fields.text(node.get("host"), "collector.host") : null;
        return new CollectorConfig(interval, host == null || host.isBlank() ? null : host,
                hostPath(node, "procfs", fields), hostPath(node, "sysfs", fields), hostPath(node, "rootfs", fields));
    }

    /**
     * One of the collector's host paths, null when absent (the default). Absolute only: a relative
     * one would depend on the directory the service was started from. Whether the directory exists
     * is the collector's check at start-up, on the machine it runs on, not the file's.
     */
    private static String hostPath(JsonNode node, String key, Fields fields) {
        String where = "collector." + key;
        String path = fields.optionalText(node, key, "collector");
        if (path == null) {
            return null;
        }
        if (path.isBlank() || !path.startsWith("/")) {
            throw ConfigException.at(where, "must be an absolute path (starting with /), got '" + path + "'");
        }
        return path;
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

    private HistoryConfig history(JsonNode node, Fields fields) {
        if (node == null || node.isNull()) {
            return HistoryConfig.DEFAULTS;
        }
        String where = "history";
        Fields.requireObject(node, where);
        Fields.checkKeys(node, where, Set.of("retention"));
        Duration retention = Fields.atLeast(fields.optionalDuration(node, "retention", where),
                HistoryConfig.MIN_RETENTION, where + ".retention");
        return retention == null ? HistoryConfig.DEFAULTS : new HistoryConfig(retention);
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

    private static final Set<String> ROUTE_KEYS = Set.of("name", "match", "matchers", "group-by", "group-wait",
            "group-interval", "repeat-interval", "mattermost", "destinations", "continue", "active", "mute",
            "escalate", "routes", "default");
    private static final Set<String> MATTERMOST_KEYS = Set.of("name", "webhook-url", "channel", "username",
            "icon-url", "url", "bot-token", "channel-id", "critical-priority", "rate-limit");
    private static final Set<String> PRIORITIES = Set.of("important", "urgent");

    private List<RouteConfig> routes(JsonNode node, Fields fields) {
        JsonNode list = Fields.list(node, "routes", "routes");
        Set<String> names = new HashSet<>();
        // The alert-service (routing only) holds none of the notifier's secrets: unset ones stay as text.
        Fields secrets = new Fields(routingOnly ? this::interpolateIfSet : this::interpolate);
        List<RouteConfig> routes = routeList(list, "routes", null, fields, secrets, names);
        long defaults = routes.stream().filter(RouteConfig::defaultRoute).count();
        if (defaults > 1) {
            throw ConfigException.at("routes", "more than one route says default: true");
        }
        return routes;
    }

    /** The routes of one level of the tree; {@code parent} (null at the top) lends children what they lack. */
    private List<RouteConfig> routeList(JsonNode list, String at, RouteConfig parent, Fields fields, Fields secrets,
            Set<String> names) {
        List<RouteConfig> routes = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            routes.add(route(list.get(i), Fields.index(at, i), parent, fields, secrets, names));
        }
        return routes;
    }

    private RouteConfig route(JsonNode r, String where, RouteConfig parent, Fields fields, Fields secrets,
            Set<String> names) {
        Fields.requireObject(r, where);
        String name = fields.requiredText(r, "name", where);
        where = Fields.named(where, name);
        if (!names.add(name)) {
            throw ConfigException.at(Fields.path(where, "name"), "another route has the same name");
        }
        Fields.checkKeys(r, where, ROUTE_KEYS);
        Map<String, String> match = fields.labelMap(r.get("match"), Fields.path(where, "match"));
        String severity = match.get("severity");
        if (severity != null && !Fields.isSeverity(severity)) {
            throw ConfigException.at(Fields.path(where, "match.severity"), "'" + severity + "' is not warning or critical");
        }
        List<LabelMatcher> matchers = fields.matchers(r.get("matchers"), Fields.path(where, "matchers"));
        Fields.checkSeverityMatchers(matchers, Fields.path(where, "matchers"));
        List<String> groupBy = r.hasNonNull("group-by") ? fields.labelNames(r.get("group-by"), Fields.path(where, "group-by"))
                : parent == null ? null : parent.groupBy();
        Duration wait = or(fields.optionalDuration(r, "group-wait", where), parent, RouteConfig::groupWait);
        Duration interval = or(Fields.positive(fields.optionalDuration(r, "group-interval", where),
                Fields.path(where, "group-interval")), parent, RouteConfig::groupInterval);
        Duration repeat = or(Fields.positive(fields.optionalDuration(r, "repeat-interval", where),
                Fields.path(where, "repeat-interval")), parent, RouteConfig::repeatInterval);
        boolean isDefault = bool(r, "default", where);
        boolean goOn = bool(r, "continue", where);
        if (isDefault) {
            if (parent != null) {
                throw ConfigException.at(Fields.path(where, "default"), "only a route at the top of routes: can be the default");
            }
            for (String key : List.of("match", "matchers", "continue", "active")) {
                if (r.has(key)) {
                    throw ConfigException.at(Fields.path(where, key),
                            "a default route takes whatever no other route takes, so it has no " + key);
                }
            }
        }
        List<MattermostTarget> destinations = destinations(r, where, secrets);
        if (destinations.isEmpty()) {
            if (parent == null) {
                throw ConfigException.at(Fields.path(where, "mattermost"), "is required (or destinations:)");
            }
            destinations = parent.destinations();
        }
        List<Schedule> active = windows(r.get("active"), Fields.path(where, "active"), fields);
        List<Schedule> mute = windows(r.get("mute"), Fields.path(where, "mute"), fields);
        List<EscalationStep> escalate = r.has("escalate") ? escalate(r.get("escalate"), Fields.path(where, "escalate"), fields, secrets)
                : parent == null ? List.of() : parent.escalate();
        RouteConfig self = new RouteConfig(name, match, matchers, groupBy, wait, interval, repeat, destinations,
                goOn, active, mute, escalate, List.of(), isDefault);
        List<RouteConfig> children = routeList(Fields.list(r.get("routes"), Fields.path(where, "routes"), "routes"),
                Fields.path(where, "routes"), self, fields, secrets, names);
        if (children.isEmpty()) {
            return self;
        }
        return new RouteConfig(name, match, matchers, groupBy, wait, interval, repeat, destinations, goOn, active,
                mute, escalate, children, isDefault);
    }

    private static <T> T or(T own, RouteConfig parent, Function<RouteConfig, T> inherited) {
        return own != null || parent == null ? own : inherited.apply(parent);
    }

    private static boolean bool(JsonNode object, String key, String where) {
        JsonNode v = object.get(key);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw ConfigException.at(Fields.path(where, key), "must be true or false");
        }
        return v.booleanValue();
    }

    /** {@code mattermost:} first, named "mattermost" unless it says otherwise, then {@code destinations:}. */
    private List<MattermostTarget> destinations(JsonNode r, String where, Fields secrets) {
        List<MattermostTarget> targets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (r.hasNonNull("mattermost")) {
            targets.add(mattermost(r.get("mattermost"), Fields.path(where, "mattermost"), "mattermost", secrets));
        }
        JsonNode list = Fields.list(r.get("destinations"), Fields.path(where, "destinations"), "destinations");
        for (int i = 0; i < list.size(); i++) {
            String at = Fields.index(Fields.path(where, "destinations"), i);
            JsonNode d = list.get(i);
            Fields.requireObject(d, at);
            Fields.checkKeys(d, at, Set.of("mattermost"));
            targets.add(mattermost(d.get("mattermost"), Fields.path(at, "mattermost"), "mattermost-" + (targets.size() + 1), secrets));
        }
        for (int i = 0; i < targets.size(); i++) {
            if (!names.add(targets.get(i).name())) {
                throw ConfigException.at(Fields.path(where, "destinations"), "two destinations are named '"
                        + targets.get(i).name() + "'");
            }
        }
        return targets;
    }

    private List<Schedule> windows(JsonNode node, String where, Fields fields) {
        JsonNode list = Fields.list(node, where, "time windows");
        List<Schedule> windows = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            windows.add(MaintenanceFormat.window(list.get(i), Fields.index(where, i), fields));
        }
        return windows;
    }

    private List<EscalationStep> escalate(JsonNode node, String where, Fields fields, Fields secrets) {
        JsonNode list = Fields.list(node, where, "escalation steps");
        List<EscalationStep> steps = new ArrayList<>();
        Duration previous = Duration.ZERO;
        for (int i = 0; i < list.size(); i++) {
            String at = Fields.index(where, i);
            JsonNode step = list.get(i);
            Fields.requireObject(step, at);
            Fields.checkKeys(step, at, Set.of("after", "mention", "mattermost"));
            Duration after = fields.optionalDuration(step, "after", at);
            if (after == null) {
                throw ConfigException.at(Fields.path(at, "after"), "is required: how long an incident stays unacknowledged"
                        + " before this step");
            }
            Fields.positive(after, Fields.path(at, "after"));
            if (after.compareTo(previous) <= 0) {
                throw ConfigException.at(Fields.path(at, "after"), "must be later than the step before ("
                        + Durations.format(previous) + ")");
            }
            previous = after;
            String mention = fields.optionalText(step, "mention", at);
            if (mention != null && !MENTION.matcher(mention).matches()) {
                throw ConfigException.at(Fields.path(at, "mention"), "'" + mention
                        + "' is not a mention (@user, @group, @channel or @here; several separated by spaces)");
            }
            MattermostTarget target = step.hasNonNull("mattermost")
                    ? mattermost(step.get("mattermost"), Fields.path(at, "mattermost"), "escalation-" + (i + 1), secrets) : null;
            if (mention == null && target == null) {
                throw ConfigException.at(at, "needs a mention, a mattermost destination, or both");
            }
            steps.add(new EscalationStep(after, mention, target));
        }
        return steps;
    }

    private MattermostTarget mattermost(JsonNode mm, String where, String defaultName, Fields fields) {
        if (mm == null || mm.isNull()) {
            throw ConfigException.at(where, "is required");
        }
        Fields.requireObject(mm, where);
        Fields.checkKeys(mm, where, MATTERMOST_KEYS);
        String name = fields.optionalText(mm, "name", where);
        if (name != null && !Fields.NAME.matcher(name).matches()) {
            throw ConfigException.at(Fields.path(where, "name"), "'" + name + "' is not a name (letters, digits, '.', '_', '-')");
        }
        String url = fields.optionalText(mm, "webhook-url", where);
        String server = fields.optionalText(mm, "url", where);
        String token = fields.optionalText(mm, "bot-token", where);
        String channelId = fields.optionalText(mm, "channel-id", where);
        boolean bot = server != null || token != null || channelId != null;
        if (url != null && bot) {
            throw ConfigException.at(Fields.path(where, "webhook-url"), "a destination posts through a webhook-url or as a bot"
                    + " (url, bot-token, channel-id), not both");
        }
        String priority = fields.optionalText(mm, "critical-priority", where);
        if (priority != null && !PRIORITIES.contains(priority)) {
            throw ConfigException.at(Fields.path(where, "critical-priority"), "'" + priority + "' is not important or urgent");
        }
        RateLimit rateLimit = mm.hasNonNull("rate-limit") ? rateLimit(mm.get("rate-limit"), Fields.path(where, "rate-limit"),
                fields) : null;
        if (bot) {
            for (String[] key : new String[][] {{"url", server}, {"bot-token", token}, {"channel-id", channelId}}) {
                if (key[1] == null || key[1].isBlank()) {
                    throw ConfigException.at(Fields.path(where, key[0]), "is required for a bot destination");
                }
            }
            if (checkable(server) && !server.startsWith("http://") && !server.startsWith("https://")) {
                throw ConfigException.at(Fields.path(where, "url"), "must be the http(s) URL of the Mattermost server");
            }
            if (checkable(channelId) && !CHANNEL_ID.matcher(channelId).matches()) {
                throw ConfigException.at(Fields.path(where, "channel-id"), "'" + channelId
                        + "' is not a channel id (26 lower-case letters and digits)");
            }
            for (String key : List.of("channel", "username", "icon-url")) {
                if (mm.has(key)) {
                    throw ConfigException.at(Fields.path(where, key), "is for webhooks; a bot posts as itself in channel-id");
                }
            }
            return new MattermostTarget(name == null ? defaultName : name, null, server.replaceAll("/+$", ""), token,
                    channelId, null, null, null, priority, rateLimit);
        }
        if (url == null || url.isBlank()) {
            throw ConfigException.at(Fields.path(where, "webhook-url"), "is required (or url, bot-token and channel-id for a bot)");
        }
        if (checkable(url) && !url.startsWith("http://") && !url.startsWith("https://")) {
            // Never echo the value: it is a secret.
            throw ConfigException.at(Fields.path(where, "webhook-url"), "must be an http(s) URL");
        }
        String channel = fields.optionalText(mm, "channel", where);
        if (channel != null && checkable(channel) && !CHANNEL.matcher(channel).matches()) {
            throw ConfigException.at(Fields.path(where, "channel"), "'" + channel
                    + "' is not a channel name (lower-case, digits, '-', '_', '.'; or @user)");
        }
        String username = fields.optionalText(mm, "username", where);
        String icon = fields.optionalText(mm, "icon-url", where);
        if (icon != null && checkable(icon) && !icon.startsWith("http://") && !icon.startsWith("https://")) {
            throw ConfigException.at(Fields.path(where, "icon-url"), "must be an http(s) URL");
        }
        return new MattermostTarget(name == null ? defaultName : name, url, null, null, null, channel, username, icon,
                priority, rateLimit);
    }

    private static RateLimit rateLimit(JsonNode node, String where, Fields fields) {
        Fields.requireObject(node, where);
        Fields.checkKeys(node, where, Set.of("per-second", "burst"));
        double perSecond = node.has("per-second") ? fields.number(node.get("per-second"), Fields.path(where, "per-second"))
                : RateLimit.DEFAULT.perSecond();
        int burst = node.has("burst") ? fields.integer(node.get("burst"), Fields.path(where, "burst")) : RateLimit.DEFAULT.burst();
        if (!(perSecond > 0) || perSecond > 10_000) {
            throw ConfigException.at(Fields.path(where, "per-second"), "must be above 0 and at most 10000");
        }
        if (burst < 1 || burst > 10_000) {
            throw ConfigException.at(Fields.path(where, "burst"), "must be between 1 and 10000");
        }
        return new RateLimit(perSecond, burst);
    }

    private NotifierSettings notifier(JsonNode node, Fields fields, List<RouteConfig> routes) {
        if (node == null || node.isNull()) {
            return NotifierSettings.DEFAULTS;
        }
        String where = "notifier";
        Fields.requireObject(node, where);
        Fields.checkKeys(node, where, Set.of("templates", "fallback-route", "rate-limit"));
        String templates = fields.optionalText(node, "templates", where);
        String fallback = fields.optionalText(node, "fallback-route", where);
        if (fallback != null && loads(Section.ROUTES) && new RouteTree(routes).byName(fallback).isEmpty()) {
            throw ConfigException.at(Fields.path(where, "fallback-route"), "'" + fallback + "' is not a route of routes:");
        }
        RateLimit rateLimit = node.hasNonNull("rate-limit") ? rateLimit(node.get("rate-limit"), Fields.path(where, "rate-limit"),
                fields) : RateLimit.DEFAULT;
        return new NotifierSettings(templates == null ? null : Path.of(templates), fallback, rateLimit);
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
