package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code scrape:} and {@code processes:} sections: the issue's example loads as written, and every mistake names its field. */
class ScrapeConfigTest {

    /** The example of issue 9, verbatim: it must load and work as written. */
    static final String ISSUE_EXAMPLE = """
            scrape:
              - name: node
                url: http://127.0.0.1:9100/metrics
                interval: 15s
                timeout: 5s
                labels: {role: web}
                drop: ["go_.*", "promhttp_.*"]
              - name: mysql
                url: http://db.internal:9104/metrics
                bearer-token: ${MYSQLD_EXPORTER_TOKEN}
            processes:
              - name: api
                match: "node .*server.js"       # a regex over the command line
            """;

    private final ConfigLoader loader = ConfigLoader.forSections(ConfigLoader.Section.SCRAPE,
            ConfigLoader.Section.PROCESSES).withEnvironment(Map.of("MYSQLD_EXPORTER_TOKEN", "s3cret")::get);

    @Test
    void theIssueExampleLoadsAsWritten() {
        VigilConfig config = loader.parse(ISSUE_EXAMPLE);

        assertThat(config.scrape()).hasSize(2);
        ScrapeConfig node = config.scrape().get(0);
        assertThat(node.name()).isEqualTo("node");
        assertThat(node.url()).isEqualTo(URI.create("http://127.0.0.1:9100/metrics"));
        assertThat(node.instance()).isEqualTo("127.0.0.1:9100");
        assertThat(node.interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(node.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(node.labels()).containsExactly(Map.entry("role", "web"));
        assertThat(node.keeps("node_load1")).isTrue();
        assertThat(node.keeps("go_goroutines")).isFalse();
        assertThat(node.keeps("promhttp_metric_handler_requests_total")).isFalse();
        assertThat(node.basicAuth()).isNull();
        assertThat(node.bearerToken()).isNull();

        ScrapeConfig mysql = config.scrape().get(1);
        assertThat(mysql.instance()).isEqualTo("db.internal:9104");
        assertThat(mysql.interval()).isEqualTo(ScrapeConfig.DEFAULT_INTERVAL);
        assertThat(mysql.timeout()).isEqualTo(ScrapeConfig.DEFAULT_TIMEOUT);
        assertThat(mysql.bearerToken()).isEqualTo("s3cret");
        assertThat(mysql.bodySizeLimit()).isEqualTo(ScrapeConfig.DEFAULT_BODY_SIZE_LIMIT);

        assertThat(config.processes()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("api");
            assertThat(p.match().matcher("/usr/bin/node /srv/app/server.js --port 3000").find()).isTrue();
            assertThat(p.match().matcher("/usr/bin/python3 server.py").find()).isFalse();
        });
    }

    @Test
    void otherServicesNeedNoneOfTheScrapeVariables() {
        ConfigLoader alerting = ConfigLoader.forSections(ConfigLoader.Section.RULES)
                .withEnvironment(name -> null);

        assertThat(alerting.parse(ISSUE_EXAMPLE).scrape()).isEmpty();
    }

    @Test
    void anUnsetTokenVariableIsRefusedAtItsField() {
        ConfigException e = catchThrowableOfType(
                () -> ConfigLoader.forSections(ConfigLoader.Section.SCRAPE).withEnvironment(name -> null)
                        .parse(ISSUE_EXAMPLE),
                ConfigException.class);

        assertThat(e.field()).isEqualTo("scrape[1] (mysql).bearer-token");
        assertThat(e.problem()).contains("MYSQLD_EXPORTER_TOKEN is not set");
    }

    @Test
    void dropWinsOverKeepAndBothMatchTheWholeName() {
        ScrapeConfig s = loader.parse("""
                scrape:
                  - name: app
                    url: https://app.example.org/metrics
                    keep: ["app_.*", "up"]
                    drop: ["app_debug_.*"]
                """).scrape().get(0);

        assertThat(s.keeps("app_requests_total")).isTrue();
        assertThat(s.keeps("app_debug_allocs")).isFalse();
        assertThat(s.keeps("myapp_requests_total")).as("keep is anchored").isFalse();
        assertThat(s.keeps("upstream")).as("keep is anchored").isFalse();
        assertThat(s.keeps("up")).isTrue();
        assertThat(s.instance()).as("https's port when the URL gives none").isEqualTo("app.example.org:443");
    }

    @Test
    void aShortIntervalCutsTheDefaultTimeoutToIt() {
        ScrapeConfig s = loader.parse("scrape: [{name: fast, url: 'http://[::1]:9100/metrics', interval: 2s}]")
                .scrape().get(0);

        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.instance()).isEqualTo("[::1]:9100");
    }

    @Test
    void aWrittenTargetReadsBackEqualAndTheMaskedFormHidesSecrets() {
        String yaml = """
                scrape:
                  - name: node
                    url: http://127.0.0.1:9100/metrics
                    interval: 30s
                    labels: {role: web, dc: fra1}
                    keep: ["node_.*"]
                    drop: ["node_scrape_.*"]
                    basic-auth: {username: prom, password: hunter2}
                    body-size-limit: 512KB
                  - name: mysql
                    url: http://db.internal:9104/metrics
                    bearer-token: ${MYSQLD_EXPORTER_TOKEN}
                processes:
                  - {name: api, match: "node .*server.js"}
                """;
        VigilConfig config = loader.parse(yaml);
        for (ScrapeConfig s : config.scrape()) {
            assertThat(loader.parseScrape(ConfigWriter.scrape(s))).as(s.name()).isEqualTo(s);
        }
        for (ProcessConfig p : config.processes()) {
            assertThat(loader.parseProcess(ConfigWriter.process(p))).as(p.name()).isEqualTo(p);
        }

        assertThat(config.scrape().get(0).bodySizeLimit()).isEqualTo(512 * 1024);
        ObjectNode masked = ConfigWriter.maskedScrape(config.scrape().get(0));
        assertThat(masked.at("/basic-auth/username").asText()).isEqualTo("prom");
        assertThat(masked.at("/basic-auth/password").asText()).isEqualTo("******");
        assertThat(ConfigWriter.maskedScrape(config.scrape().get(1)).get("bearer-token").asText()).isEqualTo("******");
        assertThat(masked.toString()).doesNotContain("hunter2");
        assertThat(config.scrape().get(0).toString()).doesNotContain("hunter2");
        assertThat(config.scrape().get(1).toString()).doesNotContain("s3cret");
        // A ${VAR} reference (an API body keeps it as text) names a variable and hides nothing.
        ScrapeConfig literal = loader.parseScrape(ConfigWriter.scrape(
                new ScrapeConfig("x", URI.create("http://h:1/"), null, null, null, null, null, null, "${TOKEN}", 0)));
        assertThat(ConfigWriter.maskedScrape(literal).get("bearer-token").asText()).isEqualTo("${TOKEN}");
    }

    @Test
    void oldConstructorsStillBuildAConfigWithoutTheNewSections() {
        VigilConfig config = new VigilConfig(null, List.of(), List.of(), null, null, null, null, null);

        assertThat(config.scrape()).isEmpty();
        assertThat(config.processes()).isEmpty();
        assertThat(VigilConfig.empty().scrape()).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource
    void refusedNamingTheField(String yaml, String field, String problem) {
        ConfigException e = catchThrowableOfType(() -> loader.parse(yaml), ConfigException.class);

        assertThat(e).as("refused: %s", yaml).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.problem()).contains(problem);
    }

    static Stream<Arguments> refusedNamingTheField() {
        String s = "scrape: [{name: node, url: 'http://127.0.0.1:9100/metrics', ";
        return Stream.of(
                Arguments.of("scrape: [{url: 'http://h:1/metrics'}]", "scrape[0].name", "is required"),
                Arguments.of("scrape: [{name: node}]", "scrape[0] (node).url", "is required"),
                Arguments.of("scrape: [{name: node, url: 'ftp://h/metrics'}]", "scrape[0] (node).url",
                        "must be an http:// or https:// URL"),
                Arguments.of("scrape: [{name: node, url: 'http://u:p@h:1/metrics'}]", "scrape[0] (node).url",
                        "must not carry user:password"),
                Arguments.of(s + "interval: 500ms}]", "scrape[0] (node).interval", "below the minimum of 1s"),
                Arguments.of(s + "interval: 5s, timeout: 6s}]", "scrape[0] (node).timeout",
                        "longer than the interval"),
                Arguments.of(s + "timeout: 20s}]", "scrape[0] (node).timeout", "longer than the interval (15s)"),
                Arguments.of(s + "timeout: 0s}]", "scrape[0] (node).timeout", "must be longer than 0s"),
                Arguments.of(s + "labels: {job: x}}]", "scrape[0] (node).labels.job", "set by the scraper"),
                Arguments.of(s + "labels: {'a-b': x}}]", "scrape[0] (node).labels.a-b", "not a label name"),
                Arguments.of(s + "drop: ['go_(']}]", "scrape[0] (node).drop[0]", "not a regular expression"),
                Arguments.of(s + "keep: 'go_.*'}]", "scrape[0] (node).keep", "must be a list of regular expressions"),
                Arguments.of(s + "basic-auth: {username: u}}]", "scrape[0] (node).basic-auth.password", "is required"),
                Arguments.of(s + "basic-auth: {user: u, password: p}}]", "scrape[0] (node).basic-auth.user",
                        "unknown key"),
                Arguments.of(s + "basic-auth: {username: u, password: p}, bearer-token: t}]", "scrape[0] (node)",
                        "not both"),
                Arguments.of(s + "dorp: []}]", "scrape[0] (node).dorp", "unknown key"),
                Arguments.of(s + "body-size-limit: 5 megs}]", "scrape[0] (node).body-size-limit", "not a size"),
                Arguments.of(s + "body-size-limit: 0}]", "scrape[0] (node).body-size-limit",
                        "below the minimum of 1KiB"),
                Arguments.of("scrape: {name: node}", "scrape", "must be a list of scrape targets"),
                Arguments.of(s + "}, {name: node, url: 'http://h:2/metrics'}]", "scrape[1] (node).name",
                        "another scrape target has the same name"),
                Arguments.of("processes: [{name: api}]", "processes[0] (api).match", "is required"),
                Arguments.of("processes: [{name: api, match: '('}]", "processes[0] (api).match",
                        "not a regular expression"),
                Arguments.of("processes: [{name: api, match: x, usr: root}]", "processes[0] (api).usr", "unknown key"),
                Arguments.of("processes: [{name: api, match: x}, {name: api, match: y}]", "processes[1] (api).name",
                        "another process has the same name"));
    }
}
