package io.vigil.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alert.lifecycle.OpenAlert;
import io.vigil.alert.lifecycle.Transition;
import io.vigil.config.AbsenceRule;
import io.vigil.config.AlertingConfig;
import io.vigil.config.HealthRule;
import io.vigil.config.LabelMatcher;
import io.vigil.config.RuleConfig;
import io.vigil.events.AlertState;
import io.vigil.events.EventSource;
import io.vigil.events.HealthResult;
import io.vigil.events.HealthStatus;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import io.vigil.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Health rules as a script: feed check results at given seconds, assert what the engine decided.
 * The engine is built as the health-results pipeline builds it: the rules of that stream, plus the
 * built-in {@code check-down} unless a rule takes its name.
 */
class HealthScriptTest {

    private static final EventSource SOURCE = new EventSource("health-service", "test");
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final Duration FORGET_AFTER = Duration.ofDays(7);

    /** An engine over the health stream's rules, and everything it decided so far. */
    private static final class Script {
        final RuleEngine engine;
        final List<Transition> all = new ArrayList<>();

        Script(RuleConfig... rules) {
            engine = new RuleEngine(new RuleBook(1, List.of(rules), AlertingConfig.DEFAULTS)
                    .forStream(Topics.HEALTH_RESULTS), T0, FORGET_AFTER);
        }

        List<Transition> feed(HealthResult result) {
            Output out = new Output();
            engine.evaluate(result, result.occurredAt(), out);
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

    /** A result of the check {@code check} on {@code host}, as the health-service labels it. */
    private static HealthResult result(double second, String check, HealthStatus status, String message,
            Severity severity, String... labels) {
        Map<String, String> l = new java.util.HashMap<>(Map.of("check", check, "type", "http", "host", check + ".example"));
        for (int i = 0; i < labels.length; i += 2) {
            l.put(labels[i], labels[i + 1]);
        }
        return HealthResult.of(SOURCE, check, "http", T0.plusMillis((long) (second * 1000)), status, 12, message, l,
                Map.of("status_code", "503"), severity);
    }

    private static HealthResult down(double second, String check) {
        return result(second, check, HealthStatus.DOWN, "status 503 not in [200]", null);
    }

    private static HealthResult up(double second, String check) {
        return result(second, check, HealthStatus.UP, "200 OK", null);
    }

    private static HealthResult degraded(double second, String check) {
        return result(second, check, HealthStatus.DEGRADED, "took 2.4s (max 1s)", null);
    }

    private static RuleConfig health(String name, int failures, int successes, boolean degradedWarns, String severity,
            LabelMatcher... matchers) {
        return new RuleConfig(name, new HealthRule(failures, successes, degradedWarns, severity), List.of(matchers),
                null, "{check} is {status}: {message}", null, null);
    }

    @Test
    void firesOnTheNthDownInARowNotBefore() {
        Script s = new Script(health("shop-down", 3, 1, true, null));

        assertThat(s.feed(down(0, "shop"))).singleElement().extracting(Transition::to).isEqualTo(AlertState.PENDING);
        assertThat(s.feed(down(10, "shop"))).as("2 of 3").isEmpty();
        assertThat(s.feed(down(20, "shop"))).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.FIRING);
            assertThat(t.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(t.since()).as("since the first failure").isEqualTo(T0);
            assertThat(t.value()).isEqualTo(2);
        });
        assertThat(s.feed(down(30, "shop"))).as("still down: nothing new").isEmpty();
        assertThat(s.told()).containsExactly(NotificationKind.FIRING);
    }

    @Test
    void aRemovedCheckResolvesItsOpenAlertAtOnceWithTheReason() {
        Script s = new Script(health("shop-down", 2, 3, true, null));
        s.feed(down(0, "shop"));
        s.feed(down(10, "shop"));
        HealthResult up = up(20, "shop");

        List<Transition> removed = s.feed(HealthResult.removal(SOURCE, "shop", "http", T0.plusSeconds(20), up.labels()));

        assertThat(removed).as("resolved without waiting for 3 UPs or 7 days").singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.RESOLVED);
            assertThat(t.reason()).contains("removed");
        });
        assertThat(s.feed(HealthResult.removal(SOURCE, "gone", "http", T0.plusSeconds(21), Map.of("check", "gone",
                "type", "http", "host", "gone.example")))).as("nothing open: nothing to say").isEmpty();
        assertThat(s.feed(down(30, "shop"))).as("a new check of the same name starts afresh")
                .singleElement().extracting(Transition::to).isEqualTo(AlertState.PENDING);
    }

    @Test
    void anUpBreaksTheFailureStreakAndAbandonsThePendingAlertUntold() {
        Script s = new Script(health("shop-down", 2, 1, true, null));

        s.feed(down(0, "shop"));
        assertThat(s.feed(up(10, "shop"))).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(AlertState.PENDING);
            assertThat(t.to()).isEqualTo(AlertState.RESOLVED);
        });
        assertThat(s.feed(down(20, "shop"))).as("the streak starts again").singleElement()
                .extracting(Transition::to).isEqualTo(AlertState.PENDING);
        assertThat(s.told()).isEmpty();
    }

    @Test
    void resolvesAfterMUpsInARowOnly() {
        Script s = new Script(health("shop-down", 1, 3, true, null));
        Transition fired = s.feed(down(0, "shop")).get(0);

        assertThat(s.feed(up(10, "shop"))).isEmpty();
        assertThat(s.feed(up(20, "shop"))).isEmpty();
        assertThat(s.feed(down(30, "shop"))).as("a failure resets the success streak").isEmpty();
        assertThat(s.feed(up(40, "shop"))).isEmpty();
        assertThat(s.feed(up(50, "shop"))).isEmpty();
        assertThat(s.feed(up(60, "shop"))).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.RESOLVED);
            assertThat(t.alertId()).isEqualTo(fired.alertId());
            assertThat(t.value()).isZero();
        });
        assertThat(s.told()).containsExactly(NotificationKind.FIRING, NotificationKind.RESOLVED);
    }

    @Test
    void degradedWarningFiresAtWarningADownRaisesItAndADegradedRunLowersItAgain() {
        Script s = new Script(health("shop-down", 2, 1, true, "critical"));

        s.feed(degraded(0, "shop"));
        assertThat(s.feed(degraded(10, "shop"))).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.FIRING);
            assertThat(t.severity()).isEqualTo(Severity.WARNING);
            assertThat(t.value()).isEqualTo(1);
        });
        assertThat(s.feed(down(20, "shop"))).singleElement().satisfies(t -> {
            assertThat(t.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(t.previousSeverity()).isEqualTo(Severity.WARNING);
        });
        assertThat(s.feed(degraded(30, "shop"))).as("one degraded after a down: still critical").isEmpty();
        assertThat(s.feed(degraded(40, "shop"))).singleElement()
                .extracting(Transition::severity).isEqualTo(Severity.WARNING);
        assertThat(s.told()).containsExactly(NotificationKind.FIRING, NotificationKind.SEVERITY_CHANGED,
                NotificationKind.SEVERITY_CHANGED);
    }

    @Test
    void aDownAmongTheFailuresThatFireMakesItTheDownSeverity() {
        Script s = new Script(health("shop-down", 2, 1, true, null));

        s.feed(down(0, "shop"));
        assertThat(s.feed(degraded(10, "shop"))).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.FIRING);
            assertThat(t.severity()).isEqualTo(Severity.CRITICAL);
        });
    }

    @Test
    void degradedIgnoredCountsAsNeitherFailureNorSuccess() {
        Script s = new Script(health("shop-down", 2, 2, false, null));

        assertThat(s.feed(degraded(0, "shop"))).as("alone: nothing").isEmpty();
        s.feed(down(10, "shop"));
        assertThat(s.feed(degraded(20, "shop"))).as("does not break the failure streak").isEmpty();
        assertThat(s.feed(down(30, "shop"))).singleElement().extracting(Transition::to).isEqualTo(AlertState.FIRING);

        assertThat(s.feed(up(40, "shop"))).isEmpty();
        assertThat(s.feed(degraded(50, "shop"))).as("does not break the success streak either").isEmpty();
        assertThat(s.feed(up(60, "shop"))).singleElement().extracting(Transition::to).isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void theChecksOwnSeverityWinsOverTheRules() {
        Script s = new Script(health("checks", 1, 1, true, "critical"));

        assertThat(s.feed(result(0, "blog", HealthStatus.DOWN, "refused", Severity.WARNING))).singleElement()
                .extracting(Transition::severity).isEqualTo(Severity.WARNING);
        assertThat(s.feed(down(0, "shop"))).as("no severity of its own: the rule's").singleElement()
                .extracting(Transition::severity).isEqualTo(Severity.CRITICAL);

        Script lenient = new Script(health("checks", 1, 1, true, "warning"));
        assertThat(lenient.feed(result(0, "bank", HealthStatus.DOWN, "refused", Severity.CRITICAL))).singleElement()
                .extracting(Transition::severity).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void theBuiltInCheckDownAppliesOnlyToChecksNoOtherHealthRuleSelects() {
        Script s = new Script(health("web-down", 1, 1, true, null, LabelMatcher.parse("team=\"web\"")));

        assertThat(s.feed(result(0, "shop", HealthStatus.DOWN, "503", null, "team", "web")))
                .as("selected by web-down: fires there at once, and only there").singleElement()
                .extracting(Transition::rule).isEqualTo("web-down");
        assertThat(s.feed(result(10, "shop", HealthStatus.DOWN, "503", null, "team", "web"))).isEmpty();

        assertThat(s.feed(result(0, "db", HealthStatus.DOWN, "refused", null, "team", "data")))
                .singleElement().satisfies(t -> {
                    assertThat(t.rule()).isEqualTo(HealthRule.DEFAULT_NAME);
                    assertThat(t.to()).as("check-down wants 2 failures").isEqualTo(AlertState.PENDING);
                });
        assertThat(s.feed(result(10, "db", HealthStatus.DOWN, "refused", null, "team", "data"))).singleElement()
                .satisfies(t -> {
                    assertThat(t.rule()).isEqualTo(HealthRule.DEFAULT_NAME);
                    assertThat(t.to()).isEqualTo(AlertState.FIRING);
                });
    }

    @Test
    void aCheckWithoutAnyRuleAlertsThroughTheBuiltInRuleWithItsSummary() {
        Script s = new Script();

        s.feed(down(0, "shop"));
        Transition fired = s.feed(down(10, "shop")).get(0);

        assertThat(fired.rule()).isEqualTo("check-down");
        assertThat(fired.summary()).isEqualTo("shop is down: status 503 not in [200]");
        assertThat(fired.labels()).containsEntry("check", "shop").containsEntry("host", "shop.example")
                .containsEntry("type", "http");
    }

    @Test
    void aRuleNamedCheckDownReplacesTheBuiltInOne() {
        Script s = new Script(health(HealthRule.DEFAULT_NAME, 4, 1, true, null));

        for (int i = 0; i < 3; i++) {
            s.feed(down(i, "shop"));
        }
        assertThat(s.all).extracting(Transition::to).containsExactly(AlertState.PENDING);
        assertThat(s.feed(down(3, "shop"))).singleElement().extracting(Transition::to).isEqualTo(AlertState.FIRING);
    }

    @Test
    void theMessageIsInTheSummaryWhileTheFingerprintStaysTheSame() {
        Script s = new Script(health("shop-down", 1, 1, true, null));

        Transition fired = s.feed(result(0, "shop", HealthStatus.DOWN, "status 503 not in [200]", null)).get(0);
        assertThat(s.feed(result(10, "shop", HealthStatus.DOWN, "connection refused", null)))
                .as("another message is not another alert").isEmpty();
        Transition raised = s.feed(result(20, "shop", HealthStatus.DOWN, "timed out after 5s", Severity.WARNING))
                .get(0);
        Transition resolved = s.feed(result(30, "shop", HealthStatus.UP, "200 OK", null)).get(0);

        assertThat(fired.summary()).isEqualTo("shop is down: status 503 not in [200]");
        assertThat(raised.summary()).isEqualTo("shop is down: timed out after 5s");
        assertThat(resolved.summary()).isEqualTo("shop is up: 200 OK");
        assertThat(List.of(raised.fingerprint(), resolved.fingerprint())).containsOnly(fired.fingerprint());
        assertThat(fired.fingerprint()).isEqualTo(Fingerprint.of("shop-down", fired.labels()));
        assertThat(fired.labels()).doesNotContainKeys("message", "status");
    }

    @Test
    void detailsOfTheResultAreFactsForTheSummaryToo() {
        RuleConfig rule = new RuleConfig("shop-down", new HealthRule(1, 1, true, null), List.of(), null,
                "{check} answered {status_code} ({type}, {value})", null, null);
        Script s = new Script(rule);

        assertThat(s.feed(down(0, "shop")).get(0).summary()).isEqualTo("shop answered 503 (http, 2)");
    }

    @Test
    void labelsTheProducerLeftOutFallBackToTheCheckId() {
        Script s = new Script(health("any", 1, 1, true, null));
        HealthResult bare = HealthResult.of(SOURCE, "nightly-backup", "heartbeat", T0, HealthStatus.DOWN, 0,
                "no ping for 26h", Map.of("team", "ops"), Map.of(), null);

        assertThat(s.feed(bare).get(0).labels()).containsOnly(Map.entry("team", "ops"),
                Map.entry("check", "nightly-backup"), Map.entry("host", "nightly-backup"),
                Map.entry("type", "heartbeat"));
    }

    @Test
    void eachCheckIsItsOwnAlertAndAResultOlderThanTheLastIsIgnored() {
        Script s = new Script(health("any", 1, 1, true, null));

        Transition shop = s.feed(down(10, "shop")).get(0);
        Transition blog = s.feed(down(10, "blog")).get(0);
        assertThat(shop.fingerprint()).isNotEqualTo(blog.fingerprint());
        assertThat(s.feed(up(5, "shop"))).as("late: older than the last result").isEmpty();
        assertThat(s.feed(up(20, "shop"))).hasSize(1);
    }

    @Test
    void aRestoredFiringAlertDoesNotFireAgainAndResolvesOnTheNextUps() {
        RuleConfig rule = health("shop-down", 2, 1, true, null);
        Script before = new Script(rule);
        before.feed(down(0, "shop"));
        Transition fired = before.feed(down(10, "shop")).get(0);

        // A restart: a new engine, the open alert from the store.
        Script after = new Script(rule);
        assertThat(after.engine.restore(List.of(new OpenAlert(fired.alertId(), fired.fingerprint(), fired.rule(),
                fired.labels(), AlertState.FIRING, fired.severity(), fired.sequence(), fired.since(), fired.at(),
                fired.value(), fired.summary())), T0.plusSeconds(15))).isEmpty();

        assertThat(after.feed(down(10, "shop"))).as("the replayed result that fired it").isEmpty();
        assertThat(after.feed(down(20, "shop"))).isEmpty();
        assertThat(after.feed(up(30, "shop"))).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.RESOLVED);
            assertThat(t.alertId()).isEqualTo(fired.alertId());
            assertThat(t.sequence()).isEqualTo(fired.sequence() + 1);
        });
    }

    @Test
    void aCheckThatSendsNothingForTheForgetTimeIsForgottenAndResolved() {
        Script s = new Script(health("any", 1, 1, true, null));
        s.feed(down(0, "shop"));

        assertThat(s.tick(T0.plus(FORGET_AFTER))).isEmpty();
        assertThat(s.tick(T0.plus(FORGET_AFTER).plusSeconds(1))).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.RESOLVED);
            assertThat(t.reason()).contains("forgotten");
        });
        assertThat(s.engine.trackedSeries()).isZero();
    }

    @Test
    void eachStreamGetsOnlyItsOwnRules() {
        RuleConfig hostDown = new RuleConfig("host-down", new AbsenceRule(null, null, "critical"), null, null, null,
                null, null);
        RuleConfig shopDown = health("shop-down", 1, 1, true, null);
        RuleBook all = new RuleBook(7, List.of(hostDown, shopDown), AlertingConfig.DEFAULTS);

        assertThat(all.forStream(Topics.METRICS).rules()).extracting(RuleConfig::name).containsExactly("host-down");
        assertThat(all.forStream(Topics.HEALTH_RESULTS).rules()).extracting(RuleConfig::name)
                .containsExactly("shop-down", HealthRule.DEFAULT_NAME);
        assertThat(all.forStream(Topics.HEALTH_RESULTS).version()).isEqualTo(7);
    }
}
