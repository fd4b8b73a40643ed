package io.vigil.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alert.lifecycle.OpenAlert;
import io.vigil.alert.lifecycle.Transition;
import io.vigil.config.AlertingConfig;
import io.vigil.config.DomainRule;
import io.vigil.config.HealthRule;
import io.vigil.config.LabelMatcher;
import io.vigil.config.RuleConfig;
import io.vigil.events.AlertState;
import io.vigil.events.DomainFinding;
import io.vigil.events.EventSource;
import io.vigil.events.FindingStatus;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import io.vigil.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Domain rules as a script: feed findings at given seconds, assert what the engine decided. The
 * engine is built as the domain-findings pipeline builds it: the rules of that stream, plus the
 * built-in {@code domain-problem} unless a rule takes its name.
 */
class DomainScriptTest {

    private static final EventSource SOURCE = new EventSource("domain-service", "test");
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final Duration FORGET_AFTER = Duration.ofDays(7);
    private static final String ENDPOINT = "shop.example.org:443";

    /** An engine over the domain stream's rules, and everything it decided so far. */
    private static final class Script {
        final RuleEngine engine;
        final List<Transition> all = new ArrayList<>();

        Script(RuleConfig... rules) {
            engine = new RuleEngine(new RuleBook(1, List.of(rules), AlertingConfig.DEFAULTS)
                    .forStream(Topics.DOMAIN_FINDINGS), T0, FORGET_AFTER);
        }

        List<Transition> feed(DomainFinding finding) {
            Output out = new Output();
            engine.evaluate(finding, finding.occurredAt(), out);
            all.addAll(out.transitions);
            return out.transitions;
        }

        List<Transition> tick(Instant now) {
            Output out = new Output();
            engine.tick(now, out);
            all.addAll(out.transitions);
            return out.transitions;
        }

        List<NotificationKind> told() {
            return all.stream().map(Transition::notificationKind).flatMap(Optional::stream).toList();
        }
    }

    /** A finding labelled as the domain-service labels it: the domain's labels plus domain, kind and subject. */
    private static DomainFinding finding(double second, String kind, String subject, FindingStatus status, String code,
            String message, Map<String, String> details, String... labels) {
        Map<String, String> l = new HashMap<>(Map.of("domain", "example.org", "kind", kind, "subject", subject));
        for (int i = 0; i < labels.length; i += 2) {
            l.put(labels[i], labels[i + 1]);
        }
        return DomainFinding.of(SOURCE, "example.org", kind, subject, T0.plusMillis((long) (second * 1000)), status,
                code, message, l, details);
    }

    /** A TLS finding about {@link #ENDPOINT} with {@code days} left and these other problems. */
    private static DomainFinding cert(double second, int days, String problems, String... labels) {
        FindingStatus status = problems.isEmpty() ? (days <= 14 ? FindingStatus.WARN : FindingStatus.OK)
                : FindingStatus.FAIL;
        String code = !problems.isEmpty() ? problems.split(",")[0] : days <= 14 ? "expiry" : "ok";
        return finding(second, "tls", ENDPOINT, status, code,
                "certificate CN=shop.example.org expires in " + days + " days (2026-12-07T10:00:00Z)",
                Map.of("days_left", String.valueOf(days), "leaf_days_left", String.valueOf(days),
                        "problems", problems, "issuer", "CN=Test CA"), labels);
    }

    private static DomainFinding dns(double second, FindingStatus status, String code) {
        return finding(second, "dns", "A @1.1.1.1", status, code, "A is " + code,
                Map.of("observed", "203.0.113.99", "expected", "203.0.113.10", "ttl", "300", "resolver", "1.1.1.1"));
    }

    private static DomainFinding ddns(double second, FindingStatus status, String code) {
        return finding(second, "ddns", "A", status, code, "home.example.org is " + code,
                Map.of("record_address", "198.51.100.1", "public_address", "198.51.100.2"));
    }

    private static RuleConfig domain(String name, int warningDays, int criticalDays, String severity, boolean warns,
            LabelMatcher... matchers) {
        return new RuleConfig(name, new DomainRule(warningDays, criticalDays, severity, warns), List.of(matchers), null,
                "{subject} ({domain}): {message}", null, null);
    }

    @Test
    void aCertificateWarnsAtWarningDaysAndEscalatesAtCriticalDaysAndResolvesWhenRenewed() {
        Script s = new Script();

        assertThat(s.feed(cert(0, 30, ""))).as("30 days: above warning-days 21").isEmpty();
        assertThat(s.feed(cert(10, 15, ""))).singleElement().satisfies(t -> {
            assertThat(t.rule()).isEqualTo(DomainRule.DEFAULT_NAME);
            assertThat(t.to()).isEqualTo(AlertState.FIRING);
            assertThat(t.severity()).isEqualTo(Severity.WARNING);
            assertThat(t.value()).isEqualTo(15);
        });
        assertThat(s.feed(cert(20, 14, ""))).as("still a warning: nothing new").isEmpty();
        Transition escalated = s.feed(cert(30, 5, "")).get(0);
        assertThat(escalated.from()).isEqualTo(AlertState.FIRING);
        assertThat(escalated.previousSeverity()).isEqualTo(Severity.WARNING);
        assertThat(escalated.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(escalated.summary()).isEqualTo(ENDPOINT
                + " (example.org): certificate CN=shop.example.org expires in 5 days (2026-12-07T10:00:00Z)");
        assertThat(s.feed(cert(40, 89, ""))).singleElement().extracting(Transition::to)
                .isEqualTo(AlertState.RESOLVED);
        assertThat(s.told()).containsExactly(NotificationKind.FIRING, NotificationKind.SEVERITY_CHANGED,
                NotificationKind.RESOLVED);
    }

    @Test
    void fiveDaysLeftFiresCriticalAtOnceWithoutAWarningFirst() {
        Script s = new Script();

        assertThat(s.feed(cert(0, 5, ""))).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.FIRING);
            assertThat(t.severity()).isEqualTo(Severity.CRITICAL);
        });
    }

    @Test
    void aHostnameMismatchIsCriticalHoweverLongTheCertificateLasts() {
        Script s = new Script();

        assertThat(s.feed(cert(0, 200, "hostname_mismatch"))).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.FIRING);
            assertThat(t.severity()).isEqualTo(Severity.CRITICAL);
        });
    }

    @Test
    void aProblemListedBesideExpiryTakesTheRulesSeverityAndTheHigherOfTheTwoWins() {
        Script s = new Script(domain("certs", 21, 7, "warning", true));

        assertThat(s.feed(cert(0, 100, "weak_key"))).singleElement().extracting(Transition::severity)
                .as("a problem at the rule's severity").isEqualTo(Severity.WARNING);
        assertThat(s.feed(cert(10, 3, "weak_key"))).singleElement().extracting(Transition::severity)
                .as("3 days is critical, above the rule's warning").isEqualTo(Severity.CRITICAL);
        assertThat(s.feed(cert(20, 100, ""))).singleElement().extracting(Transition::to)
                .isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void anOldProtocolAloneWarnsAndBesideAFailureTheFailureWins() {
        Script s = new Script();

        assertThat(s.feed(finding(0, "tls", ENDPOINT, FindingStatus.WARN, "protocol", "TLSv1.1 negotiated",
                Map.of("days_left", "100", "problems", "protocol")))).singleElement()
                .extracting(Transition::severity).isEqualTo(Severity.WARNING);
        assertThat(s.feed(finding(10, "tls", ENDPOINT, FindingStatus.FAIL, "weak_key", "RSA 1024",
                Map.of("days_left", "100", "problems", "weak_key,protocol")))).singleElement()
                .extracting(Transition::severity).isEqualTo(Severity.CRITICAL);
        Script ignoring = new Script(domain("certs", 21, 7, "critical", false));
        assertThat(ignoring.feed(finding(0, "tls", ENDPOINT, FindingStatus.WARN, "protocol", "TLSv1.1 negotiated",
                Map.of("days_left", "100", "problems", "protocol")))).isEmpty();
    }

    @Test
    void anUnreachableEndpointWithNoCertificateFires() {
        Script s = new Script();

        assertThat(s.feed(finding(0, "tls", ENDPOINT, FindingStatus.FAIL, "unreachable", "connection refused",
                Map.of("problems", "unreachable")))).singleElement().extracting(Transition::severity)
                .isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aDnsMismatchFiresAndAMatchResolves() {
        Script s = new Script();

        assertThat(s.feed(dns(0, FindingStatus.FAIL, "mismatch"))).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.FIRING);
            assertThat(t.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(t.labels()).containsEntry("subject", "A @1.1.1.1").containsEntry("kind", "dns");
        });
        assertThat(s.feed(dns(60, FindingStatus.FAIL, "mismatch"))).as("still failing: nothing new").isEmpty();
        assertThat(s.feed(dns(120, FindingStatus.OK, "match"))).singleElement().extracting(Transition::to)
                .isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void propagatingNeitherFiresNorResolves() {
        Script s = new Script();

        assertThat(s.feed(dns(0, FindingStatus.WARN, "propagating"))).as("nothing open: nothing fires").isEmpty();
        s.feed(dns(60, FindingStatus.FAIL, "mismatch"));
        assertThat(s.feed(dns(120, FindingStatus.WARN, "propagating"))).as("the open alert holds").isEmpty();
        assertThat(s.engine.trackedSeries()).isEqualTo(1);
        assertThat(s.feed(dns(180, FindingStatus.OK, "match"))).singleElement().extracting(Transition::to)
                .isEqualTo(AlertState.RESOLVED);
        assertThat(s.told()).containsExactly(NotificationKind.FIRING, NotificationKind.RESOLVED);
    }

    @Test
    void aRemovedSubjectResolvesItsOpenAlertWithTheReason() {
        Script s = new Script();
        s.feed(cert(0, 5, ""));

        assertThat(s.feed(finding(10, "tls", ENDPOINT, FindingStatus.OK, "removed", "endpoint removed", Map.of())))
                .singleElement().satisfies(t -> {
                    assertThat(t.to()).isEqualTo(AlertState.RESOLVED);
                    assertThat(t.reason()).contains("removed");
                });
        assertThat(s.engine.trackedSeries()).isZero();
    }

    @Test
    void aDdnsDriftFiresAndClearsWhenBackInSync() {
        Script s = new Script();

        assertThat(s.feed(ddns(0, FindingStatus.FAIL, "drift"))).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.FIRING);
            assertThat(t.severity()).isEqualTo(Severity.CRITICAL);
        });
        assertThat(s.feed(ddns(300, FindingStatus.OK, "in_sync"))).singleElement().extracting(Transition::to)
                .isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void aWarnFindingWarnsUnlessTheRuleIgnoresWarnings() {
        Script warns = new Script();
        assertThat(warns.feed(ddns(0, FindingStatus.WARN, "source_failed"))).singleElement()
                .extracting(Transition::severity).isEqualTo(Severity.WARNING);

        Script ignores = new Script(domain(DomainRule.DEFAULT_NAME, 21, 7, "critical", false));
        assertThat(ignores.feed(dns(0, FindingStatus.WARN, "disagreement"))).isEmpty();
        ignores.feed(dns(10, FindingStatus.FAIL, "mismatch"));
        assertThat(ignores.feed(dns(20, FindingStatus.WARN, "disagreement"))).as("ignored: the alert holds")
                .isEmpty();
        assertThat(ignores.told()).containsExactly(NotificationKind.FIRING);
    }

    @Test
    void summariesNameAnyDetailAndTheFindingsCodeAndStatus() {
        RuleConfig rule = new RuleConfig("certs", new DomainRule(21, 7, null, true), List.of(), null,
                "{kind} {subject}: {days_left} days left, {code}/{status}, issuer {issuer}", null, null);
        Script s = new Script(rule);

        assertThat(s.feed(cert(0, 5, "")).get(0).summary())
                .isEqualTo("tls " + ENDPOINT + ": 5 days left, expiry/warn, issuer CN=Test CA");
    }

    @Test
    void theBuiltInRuleSeesOnlyFindingsNoOtherDomainRuleSelects() {
        Script s = new Script(domain("shop-certs", 21, 7, "warning", true, LabelMatcher.parse("team=\"shop\"")));

        assertThat(s.feed(cert(0, 200, "self_signed", "team", "shop"))).singleElement().satisfies(t -> {
            assertThat(t.rule()).isEqualTo("shop-certs");
            assertThat(t.severity()).isEqualTo(Severity.WARNING);
        });
        assertThat(s.feed(dns(0, FindingStatus.FAIL, "nxdomain"))).singleElement().extracting(Transition::rule)
                .isEqualTo(DomainRule.DEFAULT_NAME);
    }

    @Test
    void aRuleNamedDomainProblemReplacesTheBuiltInOne() {
        Script s = new Script(domain(DomainRule.DEFAULT_NAME, 60, 30, "critical", true));

        assertThat(s.feed(cert(0, 45, ""))).as("warning-days 60 instead of 21").singleElement()
                .extracting(Transition::severity).isEqualTo(Severity.WARNING);
        assertThat(s.engine.trackedSeries()).isEqualTo(1);
    }

    @Test
    void labelsTheProducerLeftOutComeFromTheFinding() {
        Script s = new Script();
        DomainFinding bare = DomainFinding.of(SOURCE, "example.org", "dns", "MX", T0, FindingStatus.FAIL, "nxdomain",
                "no such domain", Map.of("team", "ops"), Map.of());

        assertThat(s.feed(bare).get(0).labels()).containsOnly(Map.entry("team", "ops"),
                Map.entry("domain", "example.org"), Map.entry("kind", "dns"), Map.entry("subject", "MX"));
    }

    @Test
    void eachSubjectIsItsOwnAlertAndAFindingOlderThanTheLastIsIgnored() {
        Script s = new Script();

        Transition one = s.feed(dns(10, FindingStatus.FAIL, "mismatch")).get(0);
        Transition other = s.feed(finding(10, "dns", "A @9.9.9.9", FindingStatus.FAIL, "timeout", "timed out",
                Map.of())).get(0);
        assertThat(one.fingerprint()).isNotEqualTo(other.fingerprint());
        assertThat(s.feed(dns(5, FindingStatus.OK, "match"))).as("late: older than the last finding").isEmpty();
        assertThat(s.feed(dns(20, FindingStatus.OK, "match"))).hasSize(1);
    }

    @Test
    void aRestoredAlertDoesNotFireAgainAndResolvesOnTheNextOk() {
        Script before = new Script();
        Transition fired = before.feed(cert(0, 5, "")).get(0);

        // A restart: a new engine, the open alert from the store.
        Script after = new Script();
        assertThat(after.engine.restore(List.of(new OpenAlert(fired.alertId(), fired.fingerprint(), fired.rule(),
                fired.labels(), AlertState.FIRING, fired.severity(), fired.sequence(), fired.since(), fired.at(),
                fired.value(), fired.summary())), T0.plusSeconds(15))).isEmpty();

        assertThat(after.feed(cert(0, 5, ""))).as("the replayed finding that fired it").isEmpty();
        assertThat(after.feed(cert(10, 4, ""))).as("still critical").isEmpty();
        assertThat(after.feed(cert(20, 90, ""))).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.RESOLVED);
            assertThat(t.alertId()).isEqualTo(fired.alertId());
        });
    }

    @Test
    void aSubjectThatSendsNothingForTheForgetTimeIsForgottenAndResolved() {
        Script s = new Script();
        s.feed(dns(0, FindingStatus.FAIL, "servfail"));

        assertThat(s.tick(T0.plus(FORGET_AFTER))).isEmpty();
        assertThat(s.tick(T0.plus(FORGET_AFTER).plusSeconds(1))).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.RESOLVED);
            assertThat(t.reason()).contains("forgotten");
        });
        assertThat(s.engine.trackedSeries()).isZero();
    }

    @Test
    void theDomainStreamGetsDomainRulesAndTheBuiltInOneOnly() {
        RuleConfig certs = domain("certs", 21, 7, null, true);
        RuleBook all = new RuleBook(3, List.of(certs, HealthRule.defaultRule()), AlertingConfig.DEFAULTS);

        assertThat(all.forStream(Topics.DOMAIN_FINDINGS).rules()).extracting(RuleConfig::name)
                .containsExactly("certs", DomainRule.DEFAULT_NAME);
        assertThat(all.forStream(Topics.HEALTH_RESULTS).rules()).extracting(RuleConfig::name)
                .containsExactly(HealthRule.DEFAULT_NAME);
        assertThat(all.forStream(Topics.METRICS).rules()).isEmpty();
    }
}
