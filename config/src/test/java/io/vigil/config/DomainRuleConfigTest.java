package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code type: domain} rules: the documented example loads, defaults apply, and every mistake names its field. */
class DomainRuleConfigTest {

    private final ConfigLoader rules = ConfigLoader.forSections(ConfigLoader.Section.RULES);

    @Test
    void theDocumentedExampleLoadsAndWritesBackEqual() {
        RuleConfig r = rules.parse("""
                rules:
                  - name: certificates
                    type: domain
                    warning-days: 21     # certificate expiry: warning at or below this many days left
                    critical-days: 7
                    severity: critical
                    warnings: warning
                    matchers: ['domain=~".*\\\\.example\\\\.org"']
                    summary: "{subject} expires in {days_left} days"
                    repeat-interval: 12h
                """).rules().get(0);

        assertThat(r.kind()).isEqualTo(new DomainRule(21, 7, "critical", true));
        assertThat(r.kind().stream()).isEqualTo("domain-findings");
        assertThat(r.matchers()).hasSize(1);
        assertThat(r.summary()).isEqualTo("{subject} expires in {days_left} days");
        assertThat(rules.parseRule(ConfigWriter.rule(r))).isEqualTo(r);
    }

    @Test
    void keysLeftOutTakeTheDefaults() {
        RuleConfig r = rules.parse("rules: [{name: certs, type: domain, warnings: ignore, severity: warning}]")
                .rules().get(0);

        assertThat(r.kind()).isEqualTo(new DomainRule(21, 7, "warning", false));
        assertThat(r.summary()).isEqualTo("{subject} ({domain}): {message}");
        assertThat(rules.parseRule(ConfigWriter.rule(r))).isEqualTo(r);
    }

    @Test
    void theBuiltInDomainRuleWritesAndReadsBackAsItself() {
        RuleConfig builtIn = DomainRule.defaultRule();

        assertThat(builtIn.name()).isEqualTo("domain-problem");
        assertThat(builtIn.kind()).isEqualTo(new DomainRule(21, 7, "critical", true));
        assertThat(builtIn.matchers()).isEmpty();
        assertThat(rules.parseRule(ConfigWriter.rule(builtIn))).isEqualTo(builtIn);
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("{name: x, type: domain, warning-days: 7, critical-days: 7}", "rules[0] (x).critical-days",
                        "must be below warning-days"),
                Arguments.of("{name: x, type: domain, warning-days: 10, critical-days: 14}",
                        "rules[0] (x).critical-days", "must be below warning-days"),
                Arguments.of("{name: x, type: domain, warning-days: 5}", "rules[0] (x).warning-days",
                        "must be below warning-days"),
                Arguments.of("{name: x, type: domain, critical-days: -1}", "rules[0] (x).critical-days",
                        "between 0 and"),
                Arguments.of("{name: x, type: domain, warning-days: -3}", "rules[0] (x).warning-days",
                        "between 0 and"),
                Arguments.of("{name: x, type: domain, warning-days: soon}", "rules[0] (x).warning-days",
                        "whole number"),
                Arguments.of("{name: x, type: domain, warnings: warn}", "rules[0] (x).warnings",
                        "not warning or ignore"),
                Arguments.of("{name: x, type: domain, severity: page}", "rules[0] (x).severity",
                        "not warning or critical"),
                Arguments.of("{name: x, type: domain, group-by: [domain]}", "rules[0] (x).group-by",
                        "not supported for type domain"),
                Arguments.of("{name: x, type: domain, warning-dayz: 3}", "rules[0] (x).warning-dayz",
                        "unknown key"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void refusedNamingTheField(String rule, String field, String problem) {
        ConfigException e = catchThrowableOfType(() -> rules.parse("rules: [" + rule + "]"), ConfigException.class);

        assertThat(e).as(rule).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).contains(problem);
    }

    @Test
    void anApiBodyNamesTheFieldRelatively() throws Exception {
        ConfigException e = catchThrowableOfType(() -> rules.parseRule(new ObjectMapper().readTree(
                "{\"name\": \"x\", \"type\": \"domain\", \"critical-days\": 30}")), ConfigException.class);

        assertThat(e.field()).isEqualTo("critical-days");
    }
}
