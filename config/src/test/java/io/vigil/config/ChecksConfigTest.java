package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code checks:} section: the issue's example loads as written, and every mistake names its field. */
class ChecksConfigTest {

    /** The example of issue 7, verbatim: it must load and work as written. */
    static final String ISSUE_EXAMPLE = """
            checks:
              - name: shop
                type: http
                url: https://shop.example.org/health
                interval: 30s                  # default 60s
                timeout: 5s
                expect: {status: [200], body-contains: ok, max-latency: 2s}
                labels: {team: web}
              - name: shop-db
                type: postgres                 # or mysql
                url: jdbc:postgresql://db.internal:5432/shop
                user: ${SHOP_DB_USER}
                password: ${SHOP_DB_PASSWORD}
              - name: smtp
                type: tcp
                address: mail.example.org:25
              - name: nightly-backup
                type: heartbeat                # or duplicati
                period: 24h
                grace: 2h
            """;

    private final ConfigLoader loader = ConfigLoader.forSections(ConfigLoader.Section.CHECKS)
            .withEnvironment(Map.of("SHOP_DB_USER", "shop", "SHOP_DB_PASSWORD", "s3cret")::get);

    @Test
    void theIssueExampleLoadsAsWritten() {
        List<CheckConfig> checks = loader.parse(ISSUE_EXAMPLE).checks();

        assertThat(checks).extracting(CheckConfig::name).containsExactly("shop", "shop-db", "smtp", "nightly-backup");
        CheckConfig shop = checks.get(0);
        assertThat(shop.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(shop.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(shop.labels()).isEqualTo(Map.of("team", "web"));
        HttpCheck http = (HttpCheck) shop.kind();
        assertThat(http.method()).isEqualTo("GET");
        assertThat(http.url().toString()).isEqualTo("https://shop.example.org/health");
        assertThat(http.expect().accepts(200)).isTrue();
        assertThat(http.expect().accepts(204)).isFalse();
        assertThat(http.expect().bodyContains()).isEqualTo("ok");
        assertThat(http.expect().maxLatency()).isEqualTo(Duration.ofSeconds(2));
        assertThat(http.verifyTls()).isTrue();
        assertThat(http.followRedirects()).isTrue();

        DatabaseCheck db = (DatabaseCheck) checks.get(1).kind();
        assertThat(db.database()).isEqualTo(DatabaseCheck.Database.POSTGRES);
        assertThat(db.host()).isEqualTo("db.internal");
        assertThat(db.port()).isEqualTo(5432);
        assertThat(db.databaseName()).isEqualTo("shop");
        assertThat(db.user()).isEqualTo("shop");
        assertThat(db.password()).isEqualTo("s3cret");
        assertThat(db.query()).isEqualTo("SELECT 1");
        assertThat(checks.get(1).interval()).isEqualTo(CheckConfig.DEFAULT_INTERVAL);

        TcpCheck tcp = (TcpCheck) checks.get(2).kind();
        assertThat(tcp.host()).isEqualTo("mail.example.org");
        assertThat(tcp.port()).isEqualTo(25);

        HeartbeatCheck beat = (HeartbeatCheck) checks.get(3).kind();
        assertThat(beat.duplicati()).isFalse();
        assertThat(beat.deadline()).isEqualTo(Duration.ofHours(26));
        assertThat(beat.token()).isNull();
    }

    @Test
    void secretsNeverPrintAndAreMaskedForTheApi() {
        List<CheckConfig> checks = loader.parse(ISSUE_EXAMPLE).checks();

        assertThat(checks.toString()).doesNotContain("s3cret");
        ObjectNode masked = ConfigWriter.maskedCheck(checks.get(1));
        assertThat(masked.get("password").asText()).isEqualTo("******");
        assertThat(masked.toString()).doesNotContain("s3cret");
        assertThat(ConfigWriter.check(checks.get(1)).get("password").asText()).isEqualTo("s3cret");
    }

    @Test
    void aWrittenCheckReadsBackEqual() {
        String yaml = """
                checks:
                  - name: api
                    type: http
                    method: post
                    url: http://api.internal:8080/v1/health?deep=1
                    headers: {Authorization: Bearer abc, X-Probe: vigil}
                    body: '{"ping": true}'
                    expect:
                      status: [200, 3xx]
                      body-matches: 'ok|fine'
                      json-path: {$.status: UP, "$.checks[0].ok": true}
                    verify-tls: false
                    follow-redirects: false
                    retries: 2
                    severity: warning
                  - {name: db, type: mysql, url: 'jdbc:mariadb://127.0.0.1/app', user: u, password: p, query: 'SELECT 2'}
                  - {name: banner, type: tcp, address: '[::1]:2525', send: "EHLO x\\r\\n", expect: '250'}
                  - {name: backup, type: duplicati, period: 1d, warnings: degraded, token: abcdefghijklmnopqrstuvwx}
                """;
        for (CheckConfig check : loader.parse(yaml).checks()) {
            JsonNode written = ConfigWriter.check(check);
            assertThat(loader.parseCheck(written)).as(check.name()).isEqualTo(check);
        }
        CheckConfig db = loader.parse(yaml).checks().get(1);
        assertThat(((DatabaseCheck) db.kind()).port()).isEqualTo(3306);
        assertThat(ConfigWriter.maskedCheck(loader.parse(yaml).checks().get(0)).get("headers").toString())
                .doesNotContain("abc");
    }

    @Test
    void anApiBodyKeepsVariablesAsText() throws Exception {
        JsonNode body = new ObjectMapper().readTree("""
                {"name": "db", "type": "postgres", "url": "jdbc:postgresql://h/d", "password": "${SECRET}"}""");

        CheckConfig check = loader.parseCheck(body);

        assertThat(((DatabaseCheck) check.kind()).password()).isEqualTo("${SECRET}");
        assertThat(ConfigWriter.maskedCheck(check).get("password").asText()).isEqualTo("${SECRET}");
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
        return Stream.of(
                Arguments.of("checks: [{name: a, type: htp}]", "checks[0] (a).type", "'htp' is not a check type"),
                Arguments.of("checks: [{name: a}]", "checks[0] (a).type", "is required"),
                Arguments.of("checks: [{name: a, type: http, url: 'ftp://x'}]", "checks[0] (a).url", "http://"),
                Arguments.of("checks: [{name: a, type: http, url: 'https://u:p@x'}]", "checks[0] (a).url",
                        "user:password"),
                Arguments.of("checks: [{name: a, type: http, url: 'http://x', expect: {status: [700]}}]",
                        "checks[0] (a).expect.status[0]", "not an HTTP status"),
                Arguments.of("checks: [{name: a, type: http, url: 'http://x', expect: {stauts: 200}}]",
                        "checks[0] (a).expect.stauts", "unknown key"),
                Arguments.of("checks: [{name: a, type: http, url: 'http://x', expect: {json-path: {status: UP}}}]",
                        "checks[0] (a).expect.json-path['status']", "starts with $"),
                Arguments.of("checks: [{name: a, type: http, url: 'http://x', expect: {body-matches: '('}}]",
                        "checks[0] (a).expect.body-matches", "not a regular expression"),
                Arguments.of("checks: [{name: a, type: http, url: 'http://x', address: 'h:1'}]", "checks[0] (a).address",
                        "unknown key for type http"),
                Arguments.of("checks: [{name: a, type: http, url: 'http://x', interval: 500ms}]",
                        "checks[0] (a).interval", "below the minimum"),
                Arguments.of("checks: [{name: a, type: http, url: 'http://x', retries: 9}]", "checks[0] (a).retries",
                        "between 0 and 5"),
                Arguments.of("checks: [{name: a, type: http, url: 'http://x', severity: high}]",
                        "checks[0] (a).severity", "not warning or critical"),
                Arguments.of("checks: [{name: a, type: tcp, address: 'mail'}]", "checks[0] (a).address", "host:port"),
                Arguments.of("checks: [{name: a, type: tcp, address: 'mail:99999'}]", "checks[0] (a).address",
                        "not a port"),
                Arguments.of("checks: [{name: a, type: mysql, url: 'jdbc:postgresql://h/d'}]", "checks[0] (a).url",
                        "must start with jdbc:mysql:// or jdbc:mariadb://"),
                Arguments.of("checks: [{name: a, type: postgres, url: 'jdbc:postgresql://u:p@h/d'}]",
                        "checks[0] (a).url", "credentials"),
                Arguments.of("checks: [{name: a, type: postgres, url: 'jdbc:postgresql://h/d', password: '${NOPE}'}]",
                        "checks[0] (a).password", "environment variable NOPE is not set"),
                Arguments.of("checks: [{name: a, type: heartbeat}]", "checks[0] (a).period", "is required"),
                Arguments.of("checks: [{name: a, type: heartbeat, period: 1h, token: short}]", "checks[0] (a).token",
                        "at least 16"),
                Arguments.of("checks: [{name: a, type: duplicati, period: 1h, warnings: maybe}]",
                        "checks[0] (a).warnings", "not up or degraded"),
                Arguments.of("checks: [{name: a, type: heartbeat, period: 1h}, {name: a, type: heartbeat, period: 2h}]",
                        "checks[1] (a).name", "another check has the same name"));
    }

    @Test
    void jsonPathReadsNamesAndIndexes() throws Exception {
        JsonNode doc = new ObjectMapper().readTree("""
                {"status": "UP", "checks": [{"ok": true}, {"ok": false}], "a.b": 3, "n": null}""");

        assertThat(JsonPath.parse("$.status").readText(doc)).isEqualTo("UP");
        assertThat(JsonPath.parse("$.checks[0].ok").readText(doc)).isEqualTo("true");
        assertThat(JsonPath.parse("$.checks[-1].ok").readText(doc)).isEqualTo("false");
        assertThat(JsonPath.parse("$['a.b']").readText(doc)).isEqualTo("3");
        assertThat(JsonPath.parse("$.n").readText(doc)).isEqualTo("null");
        assertThat(JsonPath.parse("$.missing.deeper").readText(doc)).isNull();
        assertThatThrownBy(() -> JsonPath.parse("$..status")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> JsonPath.parse("$.checks[?(@.ok)]")).hasMessageContaining("not supported");
    }

    @Test
    void healthRulesReadWithDefaults() {
        ConfigLoader rules = ConfigLoader.forSections(ConfigLoader.Section.RULES);
        RuleConfig r = rules.parse("rules: [{name: web-down, type: health, matchers: ['team=\"web\"'], failures: 3,"
                + " degraded: ignore}]").rules().get(0);

        HealthRule h = (HealthRule) r.kind();
        assertThat(h.failures()).isEqualTo(3);
        assertThat(h.successes()).isEqualTo(HealthRule.DEFAULT_SUCCESSES);
        assertThat(h.degradedWarns()).isFalse();
        assertThat(h.severity()).isEqualTo("critical");
        assertThat(rules.parseRule(ConfigWriter.rule(r))).isEqualTo(r);
        ConfigException e = catchThrowableOfType(() -> rules.parse("rules: [{name: x, type: health, failures: 0}]"),
                ConfigException.class);
        assertThat(e.field()).isEqualTo("rules[0] (x).failures");
    }

    @Test
    void healthRulesRefuseGroupByAndUnknownDegradedValues() {
        ConfigLoader rules = ConfigLoader.forSections(ConfigLoader.Section.RULES);

        ConfigException groupBy = catchThrowableOfType(() -> rules.parse(
                "rules: [{name: x, type: health, group-by: [team]}]"), ConfigException.class);
        assertThat(groupBy.field()).isEqualTo("rules[0] (x).group-by");
        assertThat(groupBy.getMessage()).contains("not supported for type health");
        ConfigException degraded = catchThrowableOfType(() -> rules.parse(
                "rules: [{name: x, type: health, degraded: warn}]"), ConfigException.class);
        assertThat(degraded.field()).isEqualTo("rules[0] (x).degraded");
    }

    @Test
    void theBuiltInHealthRuleWritesAndReadsBackAsItself() {
        RuleConfig builtIn = HealthRule.defaultRule();

        assertThat(builtIn.name()).isEqualTo("check-down");
        assertThat(builtIn.summary()).isEqualTo("{check} is {status}: {message}");
        assertThat(ConfigLoader.forSections(ConfigLoader.Section.RULES).parseRule(ConfigWriter.rule(builtIn)))
                .isEqualTo(builtIn);
    }
}
