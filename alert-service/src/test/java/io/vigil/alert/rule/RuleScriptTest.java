package io.vigil.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alert.lifecycle.Transition;
import io.vigil.config.AbsenceRule;
import io.vigil.config.AlertingConfig;
import io.vigil.config.Flapping;
import io.vigil.config.LabelMatcher;
import io.vigil.config.Level;
import io.vigil.config.RuleConfig;
import io.vigil.config.ThresholdRule;
import io.vigil.config.TrendRule;
import io.vigil.events.AlertState;
import io.vigil.events.EventSource;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The engine as a script: feed samples (and wall-clock ticks) at given seconds, assert what it
 * decided. Each rule kind and the lifecycle features the issue asks for, in plain Java.
 */
class RuleScriptTest {

    private static final EventSource SOURCE = new EventSource("collector-service", "test");
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    /** An engine plus a clock in seconds from T0. */
    private static final class Script {
        final RuleEngine engine;
        final List<Transition> all = new ArrayList<>();

        Script(Instant start, RuleConfig... rules) {
            engine = new RuleEngine(new RuleBook(1, List.of(rules), AlertingConfig.DEFAULTS), start, Duration.ofDays(7));
        }

        Script(RuleConfig... rules) {
            this(T0, rules);
        }

        List<Transition> sample(double second, String host, String metric, double value, String... labels) {
            Map<String, String> l = new java.util.HashMap<>();
            for (int i = 0; i < labels.length; i += 2) {
                l.put(labels[i], labels[i + 1]);
            }
            Instant at = at(second);
            return batch(at, MetricBatch.of(SOURCE, host, at, List.of(new MetricSample(metric, l, value)), 1000));
        }

        List<Transition> batch(Instant receivedAt, MetricBatch batch) {
            Output out = new Output();
            engine.evaluate(batch, receivedAt, out);
            all.addAll(out.transitions);
            return out.transitions;
        }

        List<Transition> tick(double second) {
            Output out = new Output();
            engine.tick(at(second), out);
            all.addAll(out.transitions);
            return out.transitions;
        }

        List<NotificationKind> told() {
            return all.stream().map(Transition::notificationKind).flatMap(Optional::stream).toList();
        }
    }

    private static Instant at(double second) {
        return T0.plusMillis((long) (second * 1000));
    }

    private static RuleConfig rule(String name, io.vigil.config.RuleKind kind, List<LabelMatcher> matchers,
            List<String> groupBy, Flapping flapping) {
        return new RuleConfig(name, kind, matchers, groupBy, null, null, flapping);
    }

    @Test
    void firesOnlyOnceTheForDurationHasElapsed() {
        Script s = new Script(rule("high-cpu", new ThresholdRule("cpu", Level.above(0.9, Duration.ofSeconds(60)), null,
                null), List.of(), List.of(), null));

        assertThat(s.sample(0, "web-1", "cpu", 0.95)).singleElement().extracting(Transition::to)
                .isEqualTo(AlertState.PENDING);
        assertThat(s.sample(30, "web-1", "cpu", 0.97)).isEmpty();
        assertThat(s.sample(59, "web-1", "cpu", 0.97)).as("59 s: not yet").isEmpty();
        assertThat(s.sample(60, "web-1", "cpu", 0.96)).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.FIRING);
            assertThat(t.since()).isEqualTo(at(0));
        });
        assertThat(s.told()).containsExactly(NotificationKind.FIRING);
    }

    @Test
    void matchersWithEveryOperatorSelectSeries() {
        Script s = new Script(rule("disk", new ThresholdRule("used", Level.above(0.9, Duration.ZERO), null, null),
                List.of(LabelMatcher.parse("host=~\"web-.*\""), LabelMatcher.parse("mount!=\"/boot\""),
                        LabelMatcher.parse("fstype!~\"tmpfs|overlay\"")), List.of(), null));

        assertThat(s.sample(0, "web-1", "used", 0.95, "mount", "/", "fstype", "ext4")).hasSize(1);
        assertThat(s.sample(0, "db-1", "used", 0.95, "mount", "/", "fstype", "ext4")).as("host").isEmpty();
        assertThat(s.sample(0, "web-2", "used", 0.95, "mount", "/boot", "fstype", "ext4")).as("mount").isEmpty();
        assertThat(s.sample(0, "web-3", "used", 0.95, "mount", "/run", "fstype", "tmpfs")).as("fstype").isEmpty();
    }

    @Test
    void groupByMakesOneAlertPerGroupWithTheWorstValue() {
        Script s = new Script(rule("disk", new ThresholdRule("used", Level.above(0.9, Duration.ZERO), null, null),
                List.of(), List.of("host"), null));

        Transition fired = s.sample(0, "web-1", "used", 0.95, "mount", "/").get(0);
        assertThat(fired.labels()).isEqualTo(Map.of("host", "web-1"));
        assertThat(s.sample(1, "web-1", "used", 0.97, "mount", "/var")).as("same group, still firing").isEmpty();
        assertThat(s.sample(2, "web-1", "used", 0.5, "mount", "/")).as("/var is still at 0.97").isEmpty();
        assertThat(s.sample(3, "web-1", "used", 0.5, "mount", "/var")).singleElement().extracting(Transition::to)
                .isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void absenceFiresForASilentHostAndTheNextSampleResolvesIt() {
        Script s = new Script(rule("host-down", new AbsenceRule(null, Duration.ofSeconds(30), "critical"), List.of(),
                List.of(), null));

        s.sample(0, "web-1", "cpu", 0.1);
        assertThat(s.tick(20)).isEmpty();
        assertThat(s.tick(31)).singleElement().satisfies(t -> {
            assertThat(t.rule()).isEqualTo("host-down");
            assertThat(t.to()).isEqualTo(AlertState.FIRING);
            assertThat(t.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(t.labels()).isEqualTo(Map.of("host", "web-1"));
            assertThat(t.value()).isEqualTo(31);
        });
        assertThat(s.tick(40)).as("fires once").isEmpty();
        assertThat(s.sample(41, "web-1", "cpu", 0.1)).singleElement().extracting(Transition::to)
                .isEqualTo(AlertState.RESOLVED);
        assertThat(s.tick(50)).isEmpty();
    }

    @Test
    void aHostNeverSeenDoesNotAlert() {
        Script s = new Script(rule("host-down", new AbsenceRule(null, Duration.ofSeconds(30), "critical"), List.of(),
                List.of(), null));

        s.sample(0, "web-1", "cpu", 0.1);
        s.sample(25, "web-1", "cpu", 0.1);
        assertThat(s.tick(3600)).extracting(t -> t.labels().get("host")).containsExactly("web-1");
    }

    @Test
    void absenceWithoutAnAfterWaitsThreeTimesTheSourcesInterval() {
        Script s = new Script(rule("host-down", new AbsenceRule(null, null, "warning"), List.of(), List.of(), null));

        s.sample(0, "web-1", "cpu", 0.1); // the batch says: every 1 s
        assertThat(s.tick(2.9)).isEmpty();
        assertThat(s.tick(3.1)).singleElement().extracting(Transition::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void afterARestartAbsenceCountsFromTheRestartAndStillKnowsTheHosts() {
        RuleConfig hostDown = rule("host-down", new AbsenceRule(null, Duration.ofSeconds(30), "critical"), List.of(),
                List.of(), null);
        // Seen at T0, then the service was down for 100 s: the store remembers the host.
        Script s = new Script(at(100), hostDown);
        s.engine.restoreSeen(List.of(new SeenSeries("host-down", "k", Map.of("host", "web-1"), T0, 1000)));

        assertThat(s.tick(110)).as("nobody watched between 0 and 100: no alert for that time").isEmpty();
        assertThat(s.tick(131)).singleElement().extracting(t -> t.labels().get("host")).isEqualTo("web-1");
    }

    @Test
    void absenceOfOneMetricPerSeries() {
        Script s = new Script(rule("no-backup-metric", new AbsenceRule("backup_age_seconds", Duration.ofSeconds(60),
                "warning"), List.of(), List.of(), null));

        s.sample(0, "db-1", "backup_age_seconds", 10, "job", "nightly");
        s.sample(0, "db-1", "cpu", 0.1);
        s.sample(50, "db-1", "cpu", 0.1);
        assertThat(s.tick(61)).singleElement().extracting(Transition::labels)
                .isEqualTo(Map.of("host", "db-1", "job", "nightly"));
    }

    @Test
    void theTrendRuleFiresBeforeTheDiskIsFull() {
        // 10 GB free, shrinking by 1 GB an hour: full in 10 h. "Full within 24 h" must fire long before.
        Script s = new Script(rule("disk-full-soon", new TrendRule("avail", Duration.ofHours(1), Duration.ofHours(24),
                null, Level.below(0, Duration.ZERO)), List.of(), List.of(), null));
        double gb = 1e9;
        Transition fired = null;
        double freeWhenFired = 0;
        for (int minute = 0; minute <= 600 && fired == null; minute++) {
            double free = 10 * gb - minute / 60.0 * gb;
            List<Transition> t = s.sample(minute * 60, "db-1", "avail", free, "mount", "/");
            if (!t.isEmpty() && t.get(0).to() == AlertState.FIRING) {
                fired = t.get(0);
                freeWhenFired = free;
            }
        }
        assertThat(fired).as("fired").isNotNull();
        assertThat(freeWhenFired).as("bytes still free when it fired").isGreaterThan(9 * gb);
        assertThat(fired.value()).as("the predicted value").isLessThan(0);
        assertThat(fired.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aFlatDiskNeverFiresTheTrendRule() {
        Script s = new Script(rule("disk-full-soon", new TrendRule("avail", Duration.ofHours(1), Duration.ofHours(24),
                null, Level.below(0, Duration.ZERO)), List.of(), List.of(), null));
        for (int minute = 0; minute <= 180; minute++) {
            s.sample(minute * 60, "db-1", "avail", 5e9 + (minute % 2) * 1e6);
        }
        assertThat(s.all).isEmpty();
    }

    @Test
    void flappingCollapsesToOneNotificationUntilStable() {
        Script s = new Script(rule("cpu", new ThresholdRule("cpu", Level.above(0.9, Duration.ZERO), null, null),
                List.of(), List.of(), new Flapping(3, Duration.ofMinutes(10))));

        // Three changes are normal and told: firing, resolved, firing.
        s.sample(0, "web-1", "cpu", 0.95);
        s.sample(10, "web-1", "cpu", 0.5);
        s.sample(20, "web-1", "cpu", 0.95);
        assertThat(s.told()).containsExactly(NotificationKind.FIRING, NotificationKind.RESOLVED,
                NotificationKind.FIRING);
        // The fourth within the window makes it flapping: told once; then quiet, however often it changes.
        for (int i = 3; i < 20; i++) {
            s.sample(i * 10, "web-1", "cpu", i % 2 == 0 ? 0.95 : 0.5);
        }
        assertThat(s.told()).containsExactly(NotificationKind.FIRING, NotificationKind.RESOLVED,
                NotificationKind.FIRING, NotificationKind.FLAPPING);
        assertThat(s.all).as("every change is still recorded").hasSize(20);
        // Stable (no change) for a whole window: its state is told again, once.
        assertThat(s.tick(190 + 300)).isEmpty();
        List<Transition> stable = s.tick(190 + 601);
        assertThat(stable).singleElement().satisfies(t -> {
            assertThat(t.notice()).isEqualTo(Transition.Notice.STABLE);
            assertThat(t.to()).isEqualTo(AlertState.RESOLVED);
        });
        assertThat(s.tick(190 + 1300)).isEmpty();
    }

    @Test
    void aSeriesStoredAsFlappingStaysQuietAfterARestartUntilStable() {
        Script s = new Script(rule("cpu", new ThresholdRule("cpu", Level.above(0.9, Duration.ZERO), null, null),
                List.of(), List.of(), new Flapping(3, Duration.ofMinutes(10))));
        s.engine.restore(List.of(new io.vigil.alert.lifecycle.OpenAlert(java.util.UUID.randomUUID(), "fp", "cpu",
                Map.of("host", "web-1"), AlertState.FIRING, Severity.WARNING, 7, T0, T0, 0.95, "cpu", true)), T0);

        s.sample(10, "web-1", "cpu", 0.5);
        s.sample(20, "web-1", "cpu", 0.95);
        assertThat(s.all).hasSize(2);
        assertThat(s.told()).as("still flapping: recorded, not told").isEmpty();
        assertThat(s.tick(20 + 601)).singleElement().extracting(Transition::notice)
                .isEqualTo(Transition.Notice.STABLE);
    }

    @Test
    void aRuleChangedThroughTheApiTakesEffectAndARemovedOneResolvesItsAlerts() {
        RuleConfig v1 = rule("cpu", new ThresholdRule("cpu", Level.above(0.9, Duration.ZERO), null, null), List.of(),
                List.of(), null);
        Script s = new Script(v1);
        s.sample(0, "web-1", "cpu", 0.95);

        RuleConfig v2 = rule("cpu", new ThresholdRule("cpu", Level.above(0.99, Duration.ZERO), null, null), List.of(),
                List.of(), null);
        assertThat(s.engine.rules(new RuleBook(2, List.of(v2), AlertingConfig.DEFAULTS), at(1))).isEmpty();
        assertThat(s.sample(2, "web-1", "cpu", 0.95)).as("judged by the new level").singleElement()
                .extracting(Transition::to).isEqualTo(AlertState.RESOLVED);
        s.sample(3, "web-1", "cpu", 0.995);

        List<Transition> closed = s.engine.rules(new RuleBook(3, List.of(), AlertingConfig.DEFAULTS), at(4));
        assertThat(closed).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(AlertState.RESOLVED);
            assertThat(t.reason()).contains("removed");
        });
    }
}
