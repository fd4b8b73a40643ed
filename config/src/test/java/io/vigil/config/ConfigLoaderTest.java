package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String EXAMPLE = """
            collector:
              interval: 10s                      # 1s minimum
            rules:
              - name: high-cpu
                metric: host_cpu_usage_ratio
                labels: {}
                warning:  {above: 0.85, for: 5m}
                critical: {above: 0.95, for: 1m}
                clear:    {below: 0.75, for: 2m}
                summary: "CPU on {host} at {value}"
            routes:
              - name: ops
                match: {severity: critical}
                mattermost:
                  webhook-url: ${VIGIL_MM_OPS}
                  channel: ops
            """;

    private final ConfigLoader loader = ConfigLoader.all()
            .withEnvironment(Map.of("VIGIL_MM_OPS", "https://mm.example.org/hooks/abc123")::get);

    @Test
    void readsTheDocumentedExample() {
        VigilConfig config = loader.parse(EXAMPLE);

        assertThat(config.collector().interval()).isEqualTo(Duration.ofSeconds(10));
        RuleConfig rule = config.rules().get(0);
        assertThat(rule.name()).isEqualTo("high-cpu");
        ThresholdRule threshold = (ThresholdRule) rule.kind();
        assertThat(threshold.warning()).isEqualTo(Level.above(0.85, Duration.ofMinutes(5)));
        assertThat(threshold.critical()).isEqualTo(Level.above(0.95, Duration.ofMinutes(1)));
        assertThat(threshold.clear()).isEqualTo(Level.below(0.75, Duration.ofMinutes(2)));
        RouteConfig route = config.routes().get(0);
        assertThat(route.match()).containsEntry("severity", "critical");
        assertThat(route.mattermost().webhookUrl()).isEqualTo("https://mm.example.org/hooks/abc123");
        assertThat(route.mattermost().channel()).isEqualTo("ops");
    }

    @Test
    void webhookUrlNeverShowsInToString() {
        RouteConfig route = loader.parse(EXAMPLE).routes().get(0);

        assertThat(route.toString()).doesNotContain("abc123").contains("mm.example.org");
    }

    @Test
    void unsetVariableIsRefusedNamingRouteFieldAndVariable() {
        ConfigLoader noEnv = ConfigLoader.all().withEnvironment(name -> null);

        assertThatThrownBy(() -> noEnv.parse(EXAMPLE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("routes[0] (ops).mattermost.webhook-url")
                .hasMessageContaining("VIGIL_MM_OPS");
    }

    @Test
    void sectionsNotAskedForAreNotRead() {
        ConfigLoader rulesOnly = ConfigLoader.forSections(ConfigLoader.Section.RULES).withEnvironment(name -> null);

        VigilConfig config = rulesOnly.parse(EXAMPLE);

        assertThat(config.rules()).hasSize(1);
        assertThat(config.routes()).isEmpty();
    }

    @Test
    void misspelledLevelKeyIsRefusedNamingRuleAndField() {
        String yaml = """
                rules:
                  - name: disk
                    metric: host_filesystem_used_ratio
                    warning: {abve: 0.9}
                """;

        assertThatThrownBy(() -> loader.parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rules[0] (disk).warning.abve")
                .hasMessageContaining("unknown key");
    }

    @Test
    void nonNumericThresholdIsRefused() {
        String yaml = "rules: [{name: r, metric: m, critical: {above: lots}}]";

        assertThatThrownBy(() -> loader.parse(yaml)).hasMessageContaining("rules[0] (r).critical.above: must be a number");
    }

    @Test
    void clearOnTheFiringSideIsRefused() {
        String yaml = "rules: [{name: r, metric: m, warning: {above: 0.8}, clear: {below: 0.9}}]";

        assertThatThrownBy(() -> loader.parse(yaml)).hasMessageContaining("rules[0] (r).clear.below");
    }

    @Test
    void ruleWithoutLevelsIsRefused() {
        assertThatThrownBy(() -> loader.parse("rules: [{name: r, metric: m}]"))
                .hasMessageContaining("rules[0] (r): needs a warning or a critical level");
    }

    @Test
    void duplicateRuleNamesAreRefused() {
        String yaml = "rules: [{name: r, metric: m, warning: {above: 1}}, {name: r, metric: n, warning: {above: 1}}]";

        assertThatThrownBy(() -> loader.parse(yaml)).hasMessageContaining("rules[1] (r).name");
    }

    @Test
    void intervalBelowOneSecondIsRefused() {
        assertThatThrownBy(() -> loader.parse("collector: {interval: 500ms}"))
                .hasMessageContaining("collector.interval")
                .hasMessageContaining("minimum of 1s");
    }

    @Test
    void badDurationIsRefusedNamingTheField() {
        String yaml = "rules: [{name: r, metric: m, warning: {above: 1, for: soon}}]";

        assertThatThrownBy(() -> loader.parse(yaml)).hasMessageContaining("rules[0] (r).warning.for");
    }

    @Test
    void nonHttpWebhookIsRefusedWithoutEchoingIt() {
        String yaml = "routes: [{name: x, mattermost: {webhook-url: 'ftp://secret-hook'}}]";

        assertThatThrownBy(() -> loader.parse(yaml))
                .hasMessageContaining("routes[0] (x).mattermost.webhook-url")
                .hasMessageNotContaining("secret-hook");
    }

    @Test
    void emptyFileGivesDefaults() {
        VigilConfig config = loader.parse("");

        assertThat(config.collector().interval()).isEqualTo(CollectorConfig.DEFAULT_INTERVAL);
        assertThat(config.rules()).isEmpty();
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> loader.load(missing)).hasMessageContaining("nope.yaml").hasMessageContaining("does not exist");
    }

    @Test
    void fileErrorsArePrefixedWithTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("vigil.yaml"), "rules: [{name: r}]");

        assertThatThrownBy(() -> loader.load(file)).hasMessageContaining("vigil.yaml: rules[0] (r).metric: is required");
    }

    @Test
    void variableDefaultIsUsedWhenUnset() {
        ConfigLoader noEnv = ConfigLoader.all().withEnvironment(name -> null);

        assertThat(noEnv.interpolate("${HOST_ID:web-1}", "collector.host")).isEqualTo("web-1");
    }

    @Test
    void routeMatchesOnEveryMatcher() {
        RouteConfig route = new RouteConfig("r", Map.of("severity", "critical", "team", "db"),
                new MattermostTarget("http://h/hooks/x", null, null, null));

        assertThat(route.matches(Map.of("severity", "critical", "team", "db", "host", "a"))).isTrue();
        assertThat(route.matches(Map.of("severity", "warning", "team", "db"))).isFalse();
        assertThat(route.matches(Map.of("severity", "critical"))).isFalse();
    }
}
