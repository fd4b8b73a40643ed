package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the writer produces reads back to the same record, through the API and through the file. */
class ConfigWriterTest {

    private final ConfigLoader loader = ConfigLoader.all().withEnvironment(name -> null);

    static Stream<RuleConfig> rules() {
        return Stream.of(
                FullExampleTest.HIGH_CPU,
                FullExampleTest.DISK_FULL_SOON,
                FullExampleTest.HOST_DOWN,
                RuleConfig.threshold("disk", "host_filesystem_used_ratio", Map.of("mount", "/"), null,
                        Level.above(0.9, Duration.ZERO), null, "custom {value}"),
                new RuleConfig("trend-both", new TrendRule("m", Duration.ofMinutes(90), Duration.ofDays(7),
                        Level.below(100, Duration.ofMinutes(5)), Level.below(-0.5, Duration.ofMillis(1500))),
                        List.of(LabelMatcher.of("path", LabelMatcher.Op.REGEX, "C:\\\\.*\"q\"")), List.of("host", "mount"),
                        "{rule}: {value}", Duration.ofHours(2), new Flapping(1, Duration.ofSeconds(30))),
                new RuleConfig("any-batch", new AbsenceRule(null, null, "warning"), List.of(), List.of(),
                        "{rule}: no data from {host} for {value}s", null, null));
    }

    static Stream<MaintenanceConfig> windows() {
        return Stream.of(
                FullExampleTest.SUNDAY_BACKUPS,
                FullExampleTest.PATCH_NIGHT,
                new MaintenanceConfig("all-week", List.of(), new WeeklySchedule(Set.of(DayOfWeek.values()),
                        LocalTime.of(23, 30), LocalTime.of(0, 15), ZoneId.of("America/New_York")), null));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rules")
    void aWrittenRuleParsesBackEqual(RuleConfig rule) {
        assertThat(loader.parseRule(ConfigWriter.rule(rule))).isEqualTo(rule);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("windows")
    void aWrittenWindowParsesBackEqual(MaintenanceConfig window) {
        assertThat(loader.parseMaintenance(ConfigWriter.maintenance(window))).isEqualTo(window);
    }

    @Test
    void writtenRulesAndWindowsLoadBackFromAFile() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        var root = yaml.createObjectNode();
        rules().forEach(r -> root.withArray("rules").add(ConfigWriter.rule(r)));
        windows().forEach(w -> root.withArray("maintenance").add(ConfigWriter.maintenance(w)));

        VigilConfig config = loader.parse(yaml.writeValueAsString(root));

        assertThat(config.rules()).containsExactlyElementsOf(rules().toList());
        assertThat(config.maintenance()).containsExactlyElementsOf(windows().toList());
    }

    @Test
    void writesTheDocumentedShape() throws Exception {
        String json = new ObjectMapper().writeValueAsString(ConfigWriter.rule(FullExampleTest.HIGH_CPU));

        assertThat(json).isEqualTo("{\"name\":\"high-cpu\",\"type\":\"threshold\",\"metric\":\"host_cpu_usage_ratio\","
                + "\"warning\":{\"above\":0.85,\"for\":\"5m\"},\"critical\":{\"above\":0.95,\"for\":\"1m\"},"
                + "\"clear\":{\"below\":0.75,\"for\":\"2m\"},"
                + "\"matchers\":[\"role=\\\"web\\\"\",\"host=~\\\"web-.*\\\"\",\"env!=\\\"test\\\"\"],"
                + "\"group-by\":[\"host\"],\"repeat-interval\":\"1h\",\"flapping\":{\"changes\":4,\"window\":\"10m\"}}");
    }

    @Test
    void aDefaultSummaryIsLeftOutSoItFollowsTheHorizon() {
        var node = ConfigWriter.rule(FullExampleTest.DISK_FULL_SOON);
        node.put("horizon", "12h");

        RuleConfig edited = loader.parseRule(node);

        assertThat(edited.summary()).isEqualTo("{rule} on {host}: {value} predicted in 12h");
        assertThat(node.get("window").asText()).isEqualTo("6h");
    }

    @Test
    void writesWindowsWithTheirZone() throws Exception {
        String weekly = new ObjectMapper().writeValueAsString(ConfigWriter.maintenance(FullExampleTest.SUNDAY_BACKUPS));
        String cron = new ObjectMapper().writeValueAsString(ConfigWriter.maintenance(FullExampleTest.PATCH_NIGHT));

        assertThat(weekly).isEqualTo("{\"name\":\"sunday-backups\",\"matchers\":[\"host=~\\\"db-.*\\\"\"],"
                + "\"weekdays\":[\"sat\",\"sun\"],\"from\":\"02:00\",\"to\":\"04:00\",\"time-zone\":\"Europe/Berlin\","
                + "\"comment\":\"nightly backup window\"}");
        assertThat(cron).isEqualTo("{\"name\":\"patch-night\",\"cron\":\"0 3 * * WED\",\"duration\":\"1h\","
                + "\"time-zone\":\"UTC\"}");
    }
}
