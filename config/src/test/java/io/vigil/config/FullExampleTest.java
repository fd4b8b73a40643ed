package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The documented example of every section loads to exactly these records. */
class FullExampleTest {

    static final String EXAMPLE = """
            alerting:                      # optional; defaults = AlertingConfig.DEFAULTS
              group-by: [host]
              group-wait: 1s
              group-interval: 30s
              repeat-interval: 4h
              flapping: {changes: 6, window: 30m}
            rules:
              - name: high-cpu                 # type defaults to threshold
                metric: host_cpu_usage_ratio
                labels: {role: web}            # equality (as today)
                matchers: ['host=~"web-.*"', 'env!="test"']
                group-by: [host]
                warning: {above: 0.85, for: 5m}
                critical: {above: 0.95, for: 1m}
                clear: {below: 0.75, for: 2m}
                summary: "{rule} on {host}: {value}"
                repeat-interval: 1h
                flapping: {changes: 4, window: 10m}
              - name: disk-full-soon
                type: trend
                metric: node_filesystem_avail_bytes
                matchers: ['fstype!~"tmpfs|overlay"']
                window: 6h                     # default 1h; must be >= 1m
                horizon: 24h                   # required, > 0
                critical: {below: 0}
              - name: host-down
                type: absence
                after: 90s
                severity: critical
                metric: host_cpu_usage_ratio
            inhibit:
              - name: host-down-mutes-host
                source: ['rule="host-down"']
                target: ['rule!="host-down"']
                equal: [host]
            maintenance:
              - name: sunday-backups
                matchers: ['host=~"db-.*"']
                weekdays: [sat, sun]
                from: "02:00"
                to: "04:00"
                time-zone: Europe/Berlin
                comment: nightly backup window
              - name: patch-night
                cron: "0 3 * * WED"
                duration: 1h
            routes:
              - name: ops
                match: {severity: critical}
                matchers: ['host=~"db-.*"']
                group-by: [host, rule]
                group-wait: 5s
                mattermost: {webhook-url: "${VIGIL_MM_OPS}", channel: ops}
            """;

    static final String WEBHOOK = "https://mm.example.org/hooks/abc123";

    static final RuleConfig HIGH_CPU = new RuleConfig("high-cpu",
            new ThresholdRule("host_cpu_usage_ratio", Level.above(0.85, Duration.ofMinutes(5)),
                    Level.above(0.95, Duration.ofMinutes(1)), Level.below(0.75, Duration.ofMinutes(2))),
            List.of(LabelMatcher.equal("role", "web"), LabelMatcher.parse("host=~\"web-.*\""),
                    LabelMatcher.parse("env!=\"test\"")),
            List.of("host"), "{rule} on {host}: {value}", Duration.ofHours(1), new Flapping(4, Duration.ofMinutes(10)));

    static final RuleConfig DISK_FULL_SOON = new RuleConfig("disk-full-soon",
            new TrendRule("node_filesystem_avail_bytes", Duration.ofHours(6), Duration.ofHours(24), null,
                    Level.below(0, Duration.ZERO)),
            List.of(LabelMatcher.of("fstype", LabelMatcher.Op.NOT_REGEX, "tmpfs|overlay")),
            List.of(), "{rule} on {host}: {value} predicted in 1d", null, null);

    static final RuleConfig HOST_DOWN = new RuleConfig("host-down",
            new AbsenceRule("host_cpu_usage_ratio", Duration.ofSeconds(90), "critical"),
            List.of(), List.of(), "{rule}: no data from {host} for {value}s", null, null);

    static final MaintenanceConfig SUNDAY_BACKUPS = new MaintenanceConfig("sunday-backups",
            List.of(LabelMatcher.of("host", LabelMatcher.Op.REGEX, "db-.*")),
            new WeeklySchedule(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.of(2, 0), LocalTime.of(4, 0),
                    ZoneId.of("Europe/Berlin")),
            "nightly backup window");

    static final MaintenanceConfig PATCH_NIGHT = new MaintenanceConfig("patch-night", List.of(),
            new CronSchedule("0 3 * * WED", Duration.ofHours(1), ZoneId.of("UTC")), null);

    private final ConfigLoader loader = ConfigLoader.all().withEnvironment(Map.of("VIGIL_MM_OPS", WEBHOOK)::get);

    @Test
    void everySectionLoadsToTheExpectedRecords() {
        VigilConfig config = loader.parse(EXAMPLE);

        assertThat(config.alerting()).isEqualTo(new AlertingConfig(List.of("host"), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofHours(4), new Flapping(6, Duration.ofMinutes(30))));
        assertThat(config.rules()).containsExactly(HIGH_CPU, DISK_FULL_SOON, HOST_DOWN);
        assertThat(config.inhibit()).containsExactly(new InhibitRule("host-down-mutes-host",
                List.of(LabelMatcher.equal("rule", "host-down")),
                List.of(LabelMatcher.of("rule", LabelMatcher.Op.NOT_EQUAL, "host-down")), List.of("host")));
        assertThat(config.maintenance()).containsExactly(SUNDAY_BACKUPS, PATCH_NIGHT);
        assertThat(config.routes()).containsExactly(new RouteConfig("ops", Map.of("severity", "critical"),
                List.of(LabelMatcher.of("host", LabelMatcher.Op.REGEX, "db-.*")), List.of("host", "rule"),
                Duration.ofSeconds(5), null, null, new MattermostTarget(WEBHOOK, "ops", null, null)));
    }

    @Test
    void labelsAndMatchersTogetherSelectTheRulesSeries() {
        RuleConfig rule = loader.parse(EXAMPLE).rules().get(0);

        assertThat(rule.selects(Map.of("role", "web", "host", "web-1", "env", "prod"))).isTrue();
        assertThat(rule.selects(Map.of("role", "web", "host", "web-1", "env", "test"))).isFalse();
        assertThat(rule.selects(Map.of("role", "db", "host", "web-1"))).isFalse();
        assertThat(rule.selects(Map.of("role", "web", "host", "db-1"))).isFalse();
    }

    @Test
    void routeMatchersHoldTogetherWithMatch() {
        RouteConfig route = loader.parse(EXAMPLE).routes().get(0);

        assertThat(route.matches(Map.of("severity", "critical", "host", "db-1"))).isTrue();
        assertThat(route.matches(Map.of("severity", "critical", "host", "web-1"))).isFalse();
        assertThat(route.matches(Map.of("severity", "warning", "host", "db-1"))).isFalse();
    }

    @Test
    void aServiceLoadingRulesCanLoadAlertingInhibitAndMaintenanceWithoutTheWebhookVariables() {
        ConfigLoader alertService = ConfigLoader.forSections(ConfigLoader.Section.RULES, ConfigLoader.Section.ALERTING,
                ConfigLoader.Section.INHIBIT, ConfigLoader.Section.MAINTENANCE).withEnvironment(name -> null);

        VigilConfig config = alertService.parse(EXAMPLE);

        assertThat(config.rules()).hasSize(3);
        assertThat(config.alerting().repeatInterval()).isEqualTo(Duration.ofHours(4));
        assertThat(config.inhibit()).hasSize(1);
        assertThat(config.maintenance()).hasSize(2);
        assertThat(config.routes()).isEmpty();
    }

    @Test
    void sectionsNotAskedForKeepTheirDefaults() {
        String yaml = """
                alerting: {group-by: [cluster], repeat-interval: 1h}
                inhibit: [{source: ['rule="a"']}]
                """;

        VigilConfig config = ConfigLoader.forSections(ConfigLoader.Section.RULES).parse(yaml);

        assertThat(config.alerting()).isEqualTo(AlertingConfig.DEFAULTS);
        assertThat(config.inhibit()).isEmpty();
    }

    @Test
    void alertingKeysLeftOutKeepTheirDefaults() {
        VigilConfig config = loader.parse("alerting: {group-wait: 5s}");

        assertThat(config.alerting()).isEqualTo(new AlertingConfig(AlertingConfig.DEFAULTS.groupBy(),
                Duration.ofSeconds(5), AlertingConfig.DEFAULTS.groupInterval(), AlertingConfig.DEFAULTS.repeatInterval(),
                AlertingConfig.DEFAULTS.flapping()));
    }

    @Test
    void defaultsWhenRulesLeaveThemOut() {
        String yaml = """
                rules:
                  - {name: trend, type: trend, metric: m, horizon: 2h, warning: {below: 10}}
                  - {name: gone, type: absence}
                  - {name: warn, type: absence, severity: warning}
                """;

        List<RuleConfig> rules = loader.parse(yaml).rules();

        TrendRule trend = (TrendRule) rules.get(0).kind();
        assertThat(trend.window()).isEqualTo(TrendRule.DEFAULT_WINDOW);
        assertThat(rules.get(0).summary()).isEqualTo("{rule} on {host}: {value} predicted in 2h");
        assertThat(rules.get(1).kind()).isEqualTo(new AbsenceRule(null, null, "critical"));
        assertThat(rules.get(1).metric()).isNull();
        assertThat(((AbsenceRule) rules.get(2).kind()).severity()).isEqualTo("warning");
    }

    @Test
    void inhibitNamesDefaultToTheirPosition() {
        String yaml = "inhibit: [{source: ['rule=\"a\"']}, {source: ['rule=\"b\"'], target: ['severity=\"warning\"']}]";

        List<InhibitRule> inhibit = loader.parse(yaml).inhibit();

        assertThat(inhibit).extracting(InhibitRule::name).containsExactly("inhibit[0]", "inhibit[1]");
        assertThat(inhibit.get(1).target()).containsExactly(LabelMatcher.equal("severity", "warning"));
    }

    @Test
    void weekdaysTakeFullNamesAnyCaseAndRanges() {
        String yaml = """
                maintenance:
                  - {name: a, weekdays: [Saturday, SUN], from: "22:00", to: "02:00"}
                  - {name: b, weekdays: mon-fri, from: "9:00", to: "17:30"}
                  - {name: c, weekdays: [fri-mon, wed], from: "01:00", to: "02:00"}
                """;

        List<MaintenanceConfig> windows = loader.parse(yaml).maintenance();

        assertThat(((WeeklySchedule) windows.get(0).schedule()).days()).containsExactlyInAnyOrder(DayOfWeek.SATURDAY,
                DayOfWeek.SUNDAY);
        WeeklySchedule weekdays = (WeeklySchedule) windows.get(1).schedule();
        assertThat(weekdays.days()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
                DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        assertThat(weekdays.from()).isEqualTo(LocalTime.of(9, 0));
        assertThat(weekdays.to()).isEqualTo(LocalTime.of(17, 30));
        assertThat(weekdays.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(((WeeklySchedule) windows.get(2).schedule()).days()).containsExactlyInAnyOrder(DayOfWeek.FRIDAY,
                DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY);
    }
}
