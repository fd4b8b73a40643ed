package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The API's entry points: one rule or window per body, the file's checks, relative paths, no ${VAR}. */
class ApiParsingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Any variable would resolve, so literal text proves nothing was looked up. */
    private final ConfigLoader loader = ConfigLoader.all().withEnvironment(name -> "LEAKED");

    @Test
    void parsesARuleBody() {
        RuleConfig rule = loader.parseRule(json("""
                {"name": "high-cpu", "metric": "host_cpu_usage_ratio", "labels": {"role": "web"},
                 "matchers": ["host=~\\"web-.*\\"", "env!=\\"test\\""], "group-by": ["host"],
                 "warning": {"above": 0.85, "for": "5m"}, "critical": {"above": 0.95, "for": "1m"},
                 "clear": {"below": 0.75, "for": "2m"}, "summary": "{rule} on {host}: {value}",
                 "repeat-interval": "1h", "flapping": {"changes": 4, "window": "10m"}}
                """));

        assertThat(rule).isEqualTo(FullExampleTest.HIGH_CPU);
    }

    @Test
    void keepsVariablesAsLiteralText() {
        RuleConfig rule = loader.parseRule(json("""
                {"name": "r", "metric": "m", "warning": {"above": 1}, "labels": {"team": "${TEAM}"},
                 "matchers": ["host=\\"${HOSTNAME}\\""], "summary": "${HOME} and ${SECRET:fallback}"}
                """));

        assertThat(rule.summary()).isEqualTo("${HOME} and ${SECRET:fallback}");
        assertThat(rule.matchers()).containsExactly(LabelMatcher.equal("team", "${TEAM}"),
                LabelMatcher.equal("host", "${HOSTNAME}"));
        assertThat(rule.toString()).doesNotContain("LEAKED");
    }

    @Test
    void aVariableInANumberIsNotANumber() {
        ConfigException e = catchThrowableOfType(() -> loader.parseRule(json("""
                {"name": "r", "metric": "m", "warning": {"above": "${LIMIT}"}}
                """)), ConfigException.class);

        assertThat(e.field()).isEqualTo("warning.above");
        assertThat(e.getMessage()).isEqualTo("warning.above: must be a number");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource
    void ruleErrorsNameTheFieldRelativeToTheBody(String body, String field, String message) {
        ConfigException e = catchThrowableOfType(() -> loader.parseRule(json(body)), ConfigException.class);

        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    static Stream<Arguments> ruleErrorsNameTheFieldRelativeToTheBody() {
        return Stream.of(
                Arguments.of("{\"name\": \"r\", \"metric\": \"m\", \"warning\": {\"abve\": 1}}", "warning.abve",
                        "warning.abve: unknown key (expected one of above, below, for)"),
                Arguments.of("{\"name\": \"r\", \"metric\": \"m\", \"warning\": {\"above\": 1},"
                        + " \"matchers\": [\"a=\\\"b\\\"\", \"host=~\\\"(\\\"\"]}", "matchers[1]",
                        "matchers[1]: '(' is not a valid regex: Unclosed group"),
                Arguments.of("{\"metric\": \"m\"}", "name", "name: is required"),
                Arguments.of("{\"name\": \"a b\"}", "name", "name: use letters, digits, '-', '_' or '.'"),
                Arguments.of("{\"name\": \"r\", \"type\": \"trnd\"}", "type",
                        "type: 'trnd' is not a rule type (expected one of absence, domain, health, threshold, trend)"),
                Arguments.of("{\"name\": \"t\", \"type\": \"trend\", \"metric\": \"m\", \"critical\": {\"below\": 0}}",
                        "horizon", "horizon: is required: how far ahead to predict, e.g. 24h"),
                Arguments.of("{\"name\": \"a\", \"type\": \"absence\", \"for\": \"1m\"}", "for",
                        "for: unknown key for type absence (expected one of after, flapping, group-by, labels,"
                                + " matchers, metric, name, repeat-interval, severity, summary, type)"),
                // About the rule as a whole: no single field to name.
                Arguments.of("{\"name\": \"r\", \"metric\": \"m\"}", null,
                        "needs a warning or a critical level (or both)"),
                Arguments.of("[]", null, "a rule must be a JSON object"));
    }

    @Test
    void parsesAMaintenanceBodyWithRelativePathsAndLiteralText() {
        MaintenanceConfig window = loader.parseMaintenance(json("""
                {"name": "sunday-backups", "matchers": ["host=~\\"db-.*\\""], "weekdays": ["sat", "sun"],
                 "from": "02:00", "to": "04:00", "time-zone": "Europe/Berlin", "comment": "nightly backup window"}
                """));
        MaintenanceConfig literal = loader.parseMaintenance(json("""
                {"name": "w", "cron": "0 3 * * *", "duration": "1h", "comment": "${SECRET}"}
                """));

        assertThat(window).isEqualTo(FullExampleTest.SUNDAY_BACKUPS);
        assertThat(literal.comment()).isEqualTo("${SECRET}");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource
    void maintenanceErrorsNameTheFieldRelativeToTheBody(String body, String field, String problem) {
        ConfigException e = catchThrowableOfType(() -> loader.parseMaintenance(json(body)), ConfigException.class);

        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.problem()).contains(problem);
    }

    static Stream<Arguments> maintenanceErrorsNameTheFieldRelativeToTheBody() {
        return Stream.of(
                Arguments.of("{\"name\": \"w\", \"weekdays\": [\"sun\", \"funday\"], \"from\": \"01:00\", \"to\": \"02:00\"}",
                        "weekdays[1]", "'funday' is not a weekday"),
                Arguments.of("{\"name\": \"w\", \"cron\": \"0 3 * * *\", \"duration\": \"1h\", \"time-zone\": \"Nowhere\"}",
                        "time-zone", "'Nowhere' is not a time zone"),
                Arguments.of("{\"name\": \"w\", \"cron\": \"0 3 * *\", \"duration\": \"1h\"}", "cron", "has 4 fields"),
                Arguments.of("{\"name\": \"w\"}", null, "needs weekdays with from and to, or cron with duration"));
    }

    @Test
    void parsesAMatcherList() {
        List<LabelMatcher> matchers = ConfigLoader.parseMatchers(json("[\"host=~\\\"web-.*\\\"\", \"env!=prod\"]"),
                "matchers");

        assertThat(matchers).containsExactly(LabelMatcher.of("host", LabelMatcher.Op.REGEX, "web-.*"),
                LabelMatcher.of("env", LabelMatcher.Op.NOT_EQUAL, "prod"));
        assertThat(ConfigLoader.parseMatchers(null, "matchers")).isEmpty();
    }

    @Test
    void aBadMatcherInAListIsNamedByItsIndex() {
        ConfigException e = catchThrowableOfType(() -> ConfigLoader.parseMatchers(
                json("[\"a=\\\"b\\\"\", \"=oops\"]"), "silence.matchers"), ConfigException.class);

        assertThat(e.field()).isEqualTo("silence.matchers[1]");
        assertThat(e.problem()).contains("'=oops' is not a matcher");
    }

    @Test
    void aFileErrorKeepsItsFieldBehindTheFileName(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("vigil.yaml"),
                "rules: [{name: r, metric: m, warning: {abve: 1}}]");

        ConfigException e = catchThrowableOfType(() -> loader.load(file), ConfigException.class);

        assertThat(e.getMessage()).isEqualTo(file + ": rules[0] (r).warning.abve: unknown key (expected one of above, below, for)");
        assertThat(e.field()).isEqualTo("rules[0] (r).warning.abve");
    }

    @Test
    void problemsNotAboutAFieldHaveNone() {
        ConfigException e = catchThrowableOfType(() -> loader.parse("rules: [unclosed"), ConfigException.class);

        assertThat(e.getMessage()).startsWith("not valid YAML");
        assertThat(e.field()).isNull();
    }

    @Test
    void absenceRuleBodyUsesItsDefaults() {
        RuleConfig rule = loader.parseRule(json("{\"name\": \"host-down\", \"type\": \"absence\"}"));

        assertThat(rule).isEqualTo(new RuleConfig("host-down", new AbsenceRule(null, null, "critical"), List.of(),
                List.of(), "{rule}: no data from {host} for {value}s", null, null));
        assertThat(rule.selects(Map.of("host", "any"))).isTrue();
        assertThat(rule.repeatInterval()).isNull();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
