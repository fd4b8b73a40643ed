package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refused file names the exact field path; the message is that path, a colon and the problem. */
class ConfigErrorsTest {

    private static final String RULE = "{name: r, metric: m, warning: {above: 1}, ";
    private static final String TREND = "{name: t, type: trend, metric: m, horizon: 1h, critical: {below: 0}, ";
    private static final String ROUTE = "routes: [{name: ops, mattermost: {webhook-url: 'https://h/hooks/x'}, ";
    private static final String WINDOW = "maintenance: [{name: m, weekdays: [sun], from: '02:00', to: '04:00', ";
    private static final String CRON = "maintenance: [{name: m, cron: '0 3 * * WED', duration: 1h, ";

    private final ConfigLoader loader = ConfigLoader.all().withEnvironment(Map.of("VIGIL_MM_OPS", "https://h/x")::get);

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource
    void refusedNamingTheField(String yaml, String field, String problem) {
        ConfigException e = catchThrowableOfType(() -> loader.parse(yaml), ConfigException.class);

        assertThat(e).as("refused: %s", yaml).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).isEqualTo(field + ": " + e.problem());
        assertThat(e.problem()).contains(problem);
    }

    static Stream<Arguments> refusedNamingTheField() {
        return Stream.of(
                // rules: keys per kind, type
                Arguments.of("rules: [" + RULE + "horizon: 1h}]", "rules[0] (r).horizon",
                        "unknown key for type threshold (expected one of clear, critical, flapping, group-by, labels,"
                                + " matchers, metric, name, repeat-interval, summary, type, warning)"),
                Arguments.of("rules: [" + TREND + "clear: {above: 1}}]", "rules[0] (t).clear",
                        "unknown key for type trend (expected one of critical, flapping, group-by, horizon, labels,"
                                + " matchers, metric, name, repeat-interval, summary, type, warning, window)"),
                Arguments.of("rules: [{name: a, type: absence, warning: {above: 1}}]", "rules[0] (a).warning",
                        "unknown key for type absence (expected one of after, flapping, group-by, labels, matchers,"
                                + " metric, name, repeat-interval, severity, summary, type)"),
                Arguments.of("rules: [{name: x, type: trnd, metric: m}]", "rules[0] (x).type",
                        "'trnd' is not a rule type (expected one of absence, domain, health, threshold, trend)"),
                Arguments.of("rules: [{name: r, metric: m, warning: {abve: 0.9}}]", "rules[0] (r).warning.abve",
                        "unknown key (expected one of above, below, for)"),
                Arguments.of("rules: [{metric: m}]", "rules[0].name", "is required"),
                Arguments.of("rules: [{name: 'high cpu', metric: m}]", "rules[0] (high cpu).name",
                        "use letters, digits"),
                Arguments.of("rules: [" + RULE + "}, " + RULE + "}]", "rules[1] (r).name",
                        "another rule has the same name"),
                // rules: matchers and the shared keys
                Arguments.of("rules: [" + RULE + "matchers: ['host ~ web']}]", "rules[0] (r).matchers[0]",
                        "'host ~ web' is not a matcher"),
                Arguments.of("rules: [" + RULE + "matchers: ['env!=\"test\"', 'host=~\"web-(\"']}]",
                        "rules[0] (r).matchers[1]", "'web-(' is not a valid regex"),
                Arguments.of("rules: [" + RULE + "matchers: 'host=\"a\"'}]", "rules[0] (r).matchers",
                        "must be a list of matchers"),
                Arguments.of("rules: [" + RULE + "matchers: [5]}]", "rules[0] (r).matchers[0]", "must be a text value"),
                Arguments.of("rules: [" + RULE + "labels: {'not-a-label': x}}]", "rules[0] (r).labels.not-a-label",
                        "not a label name"),
                Arguments.of("rules: [" + RULE + "group-by: [host, 'not-a-label']}]", "rules[0] (r).group-by[1]",
                        "'not-a-label' is not a label name"),
                Arguments.of("rules: [" + RULE + "group-by: host}]", "rules[0] (r).group-by",
                        "must be a list of label names"),
                Arguments.of("rules: [" + RULE + "repeat-interval: 0s}]", "rules[0] (r).repeat-interval",
                        "must be longer than 0s"),
                Arguments.of("rules: [" + RULE + "flapping: {changes: 0, window: 10m}}]", "rules[0] (r).flapping.changes",
                        "must be at least 1"),
                Arguments.of("rules: [" + RULE + "flapping: {changes: 4, window: 0s}}]", "rules[0] (r).flapping.window",
                        "must be longer than 0s"),
                Arguments.of("rules: [" + RULE + "flapping: {changes: 4}}]", "rules[0] (r).flapping.window",
                        "is required"),
                Arguments.of("rules: [" + RULE + "flapping: {changes: 4, windw: 1m}}]", "rules[0] (r).flapping.windw",
                        "unknown key (expected one of changes, window)"),
                // trend
                Arguments.of("rules: [{name: t, type: trend, metric: m, critical: {below: 0}}]", "rules[0] (t).horizon",
                        "is required"),
                Arguments.of("rules: [" + TREND + "window: 30s}]", "rules[0] (t).window",
                        "30s is below the minimum of 1m"),
                Arguments.of("rules: [{name: t, type: trend, metric: m, horizon: 0s, critical: {below: 0}}]",
                        "rules[0] (t).horizon", "must be longer than 0s"),
                Arguments.of("rules: [{name: t, type: trend, horizon: 1h, critical: {below: 0}}]", "rules[0] (t).metric",
                        "is required"),
                Arguments.of("rules: [{name: t, type: trend, metric: m, horizon: 1h, warning: {below: 10},"
                        + " critical: {below: 20}}]", "rules[0] (t).critical.below", "at least as far as warning's 10.0"),
                Arguments.of("rules: [{name: t, type: trend, metric: m, horizon: 1h}]", "rules[0] (t)",
                        "needs a warning or a critical level"),
                // absence
                Arguments.of("rules: [{name: a, type: absence, after: 500ms}]", "rules[0] (a).after",
                        "500ms is below the minimum of 1s"),
                Arguments.of("rules: [{name: a, type: absence, severity: info}]", "rules[0] (a).severity",
                        "'info' is not warning or critical"),
                Arguments.of("rules: [{name: a, type: absence, metric: 'cpu usage'}]", "rules[0] (a).metric",
                        "'cpu usage' is not a Prometheus metric name"),
                // alerting
                Arguments.of("alerting: {group-wait: soon}", "alerting.group-wait", "'soon' is not a duration"),
                Arguments.of("alerting: {grup-by: [host]}", "alerting.grup-by", "unknown key"),
                Arguments.of("alerting: {group-interval: 0s}", "alerting.group-interval", "must be longer than 0s"),
                Arguments.of("alerting: {flapping: {changes: 6}}", "alerting.flapping.window", "is required"),
                Arguments.of("alerting: {group-by: ['a b']}", "alerting.group-by[0]", "is not a label name"),
                // inhibit
                Arguments.of("inhibit: [{name: x, target: ['a=\"b\"']}]", "inhibit[0] (x).source", "is required"),
                Arguments.of("inhibit: [{source: []}]", "inhibit[0].source", "is required"),
                Arguments.of("inhibit: [{source: ['severity=\"crit\"']}]", "inhibit[0].source[0]",
                        "'crit' is not a severity"),
                Arguments.of("inhibit: [{source: ['a=\"b\"'], target: ['host=~\"(\"']}]", "inhibit[0].target[0]",
                        "is not a valid regex"),
                Arguments.of("inhibit: [{source: ['a=\"b\"'], equal: ['a-b']}]", "inhibit[0].equal[0]",
                        "'a-b' is not a label name"),
                Arguments.of("inhibit: [{source: ['a=\"b\"'], targt: []}]", "inhibit[0].targt",
                        "unknown key (expected one of equal, name, source, target)"),
                Arguments.of("inhibit: [{name: x, source: ['a=\"b\"']}, {name: x, source: ['a=\"c\"']}]",
                        "inhibit[1] (x).name", "another inhibit rule has the same name"),
                // maintenance
                Arguments.of(WINDOW.replace("[sun]", "[sat, sundy]") + "}]", "maintenance[0] (m).weekdays[1]",
                        "'sundy' is not a weekday"),
                Arguments.of(WINDOW.replace("[sun]", "mon-fryday") + "}]", "maintenance[0] (m).weekdays",
                        "'fryday' is not a weekday"),
                Arguments.of(WINDOW.replace("[sun]", "[]") + "}]", "maintenance[0] (m).weekdays",
                        "needs at least one weekday"),
                Arguments.of(WINDOW + "time-zone: Mars/Olympus}]", "maintenance[0] (m).time-zone",
                        "'Mars/Olympus' is not a time zone"),
                Arguments.of(WINDOW + "cron: '0 3 * * *'}]", "maintenance[0] (m).cron", "not both"),
                Arguments.of("maintenance: [{name: m, matchers: ['a=\"b\"']}]", "maintenance[0] (m)",
                        "needs weekdays with from and to, or cron with duration"),
                Arguments.of("maintenance: [{name: m, cron: '0 3 * * *'}]", "maintenance[0] (m).duration", "is required"),
                Arguments.of(CRON.replace("duration: 1h", "duration: 8d") + "}]", "maintenance[0] (m).duration",
                        "8d is above the maximum of 7d"),
                Arguments.of(CRON.replace("duration: 1h", "duration: 0s") + "}]", "maintenance[0] (m).duration",
                        "must be longer than 0s"),
                Arguments.of(CRON.replace("WED", "WEDS") + "}]", "maintenance[0] (m).cron",
                        "day-of-week 'WEDS': 'WEDS' is not a number 0-7 or a name SUN-SAT"),
                Arguments.of(CRON + "from: '02:00'}]", "maintenance[0] (m).from", "goes with weekdays"),
                Arguments.of(WINDOW + "duration: 1h}]", "maintenance[0] (m).duration", "goes with cron"),
                Arguments.of(WINDOW.replace("'04:00'", "'02:00'") + "}]", "maintenance[0] (m).to",
                        "is the same as from"),
                Arguments.of(WINDOW.replace("'02:00'", "'25:00'") + "}]", "maintenance[0] (m).from",
                        "'25:00' is not a time of day"),
                Arguments.of("maintenance: [{name: m, weekdays: [sun], from: '02:00'}]", "maintenance[0] (m).to",
                        "is required"),
                Arguments.of(WINDOW + "matchers: ['host=~\"db-(\"']}]", "maintenance[0] (m).matchers[0]",
                        "is not a valid regex"),
                Arguments.of(WINDOW + "weekday: [mon]}]", "maintenance[0] (m).weekday", "unknown key"),
                Arguments.of("maintenance: [{weekdays: [sun], from: '02:00', to: '04:00'}]", "maintenance[0].name",
                        "is required"),
                Arguments.of("maintenance: [{name: 'a b', cron: '0 3 * * *', duration: 1h}]", "maintenance[0] (a b).name",
                        "use letters, digits"),
                Arguments.of("maintenance: [" + "{name: m, cron: '0 3 * * *', duration: 1h}, "
                        + "{name: m, cron: '0 4 * * *', duration: 1h}]", "maintenance[1] (m).name",
                        "another maintenance window has the same name"),
                // routes
                Arguments.of(ROUTE + "matchers: ['host=~\"(\"']}]", "routes[0] (ops).matchers[0]", "is not a valid regex"),
                Arguments.of(ROUTE + "matchers: ['severity!=\"crit\"']}]", "routes[0] (ops).matchers[0]",
                        "'crit' is not a severity"),
                Arguments.of(ROUTE + "group-by: ['a.b']}]", "routes[0] (ops).group-by[0]", "is not a label name"),
                Arguments.of(ROUTE + "group-wait: later}]", "routes[0] (ops).group-wait", "is not a duration"),
                Arguments.of(ROUTE + "repeat-interval: 0s}]", "routes[0] (ops).repeat-interval", "must be longer than 0s"),
                Arguments.of(ROUTE + "group_by: [host]}]", "routes[0] (ops).group_by", "unknown key"),
                // top level
                Arguments.of("inhibits: []", "inhibits",
                        "unknown key (expected one of alerting, checks, collector, domains, history, inhibit, maintenance, notifier, processes,"
                                + " routes, rules, scrape)"),
                Arguments.of("maintenance: {name: m}", "maintenance", "must be a list of maintenance windows"));
    }
}
