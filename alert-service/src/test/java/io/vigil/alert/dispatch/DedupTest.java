package io.vigil.alert.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.AlertState;
import io.vigil.events.GroupedAlert;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a group's next post tells, as a script: queue changes, decide, remember what was told. */
class DedupTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    /** What people were told so far, per alert, updated after each post like the store does. */
    private final Map<UUID, Dedup.Told> told = new HashMap<>();
    private final Map<UUID, AlertState> state = new HashMap<>();
    private final Map<UUID, Boolean> acked = new HashMap<>();
    private long queueId;
    private boolean first = true;

    private Dedup.Decision post(GroupedAlert... changes) {
        return post(null, changes);
    }

    private Dedup.Decision post(DispatchReason reason, GroupedAlert... changes) {
        List<Dedup.Pending> pending = new java.util.ArrayList<>();
        Map<UUID, Dedup.Told> now = new HashMap<>();
        for (GroupedAlert c : changes) {
            pending.add(new Dedup.Pending(++queueId, c, reason));
            Dedup.Told t = told.getOrDefault(c.alertId(), new Dedup.Told(null, null, null, false));
            now.put(c.alertId(), new Dedup.Told(t.notified(), t.notifiedSeverity(), state.get(c.alertId()),
                    acked.getOrDefault(c.alertId(), false)));
        }
        Dedup.Decision d = Dedup.decide(pending, now, first);
        if (!d.isEmpty()) {
            first = false;
        }
        for (GroupedAlert sent : d.send()) {
            told.put(sent.alertId(), new Dedup.Told(d.told().get(sent.alertId()), sent.severity(), null, false));
        }
        return d;
    }

    private GroupedAlert change(UUID alert, NotificationKind kind, Severity severity, String rule) {
        AlertState s = switch (kind) {
            case RESOLVED -> AlertState.RESOLVED;
            default -> AlertState.FIRING;
        };
        state.put(alert, s);
        if (kind == NotificationKind.ACKNOWLEDGED) {
            acked.put(alert, true);
        }
        return new GroupedAlert(alert, "fp-" + rule, 1, kind, rule, severity, rule + " on web-1", Map.of("host",
                "web-1"), 1, T0, T0, kind == NotificationKind.ACKNOWLEDGED ? "alice" : null, null);
    }

    @Test
    void acknowledgeThenResolveThenANewBreachNotifiesAgain() {
        UUID a = UUID.randomUUID();
        assertThat(post(change(a, NotificationKind.FIRING, Severity.CRITICAL, "cpu")).reason())
                .isEqualTo(DispatchReason.FIRST);
        assertThat(post(change(a, NotificationKind.ACKNOWLEDGED, Severity.CRITICAL, "cpu")).reason())
                .isEqualTo(DispatchReason.ACKNOWLEDGED);
        assertThat(post(change(a, NotificationKind.REMINDER, Severity.CRITICAL, "cpu")).isEmpty())
                .as("acknowledged: no reminders").isTrue();
        assertThat(post(change(a, NotificationKind.RESOLVED, Severity.CRITICAL, "cpu")).reason())
                .isEqualTo(DispatchReason.RESOLVED);

        // A new breach of the same series is a new alert: nothing acknowledged about it.
        UUID b = UUID.randomUUID();
        Dedup.Decision again = post(change(b, NotificationKind.FIRING, Severity.CRITICAL, "cpu"));
        assertThat(again.send()).singleElement().extracting(GroupedAlert::alertId).isEqualTo(b);
        assertThat(again.reason()).isEqualTo(DispatchReason.NEW_ALERTS);
    }

    @Test
    void aRecoveryOfAnAlertNobodyWasToldAboutIsNotTold() {
        UUID a = UUID.randomUUID();
        Dedup.Decision d = post(change(a, NotificationKind.RESOLVED, Severity.WARNING, "cpu"));

        assertThat(d.isEmpty()).isTrue();
        assertThat(d.dropped()).singleElement().asString().contains("never told");
    }

    @Test
    void theSameFiringTwiceIsToldOnceAndASeverityChangeAgain() {
        UUID a = UUID.randomUUID();
        post(change(a, NotificationKind.FIRING, Severity.WARNING, "cpu"));

        assertThat(post(change(a, NotificationKind.FIRING, Severity.WARNING, "cpu")).isEmpty()).isTrue();
        assertThat(post(change(a, NotificationKind.SEVERITY_CHANGED, Severity.CRITICAL, "cpu")).send()).hasSize(1);
    }

    @Test
    void thirtyChangesOfOneGroupAreOnePostMostSevereFirst() {
        GroupedAlert[] changes = new GroupedAlert[30];
        for (int i = 0; i < 30; i++) {
            changes[i] = change(UUID.randomUUID(), NotificationKind.FIRING, i == 17 ? Severity.CRITICAL
                    : Severity.WARNING, "rule-" + (100 + i));
        }
        Dedup.Decision d = post(changes);

        assertThat(d.send()).hasSize(30);
        assertThat(d.send().get(0).rule()).isEqualTo("rule-117");
        assertThat(d.send().subList(1, 30)).extracting(GroupedAlert::rule).isSorted();
    }

    @Test
    void firingAndResolvedWithinOneWaitTellTheLatestState() {
        UUID a = UUID.randomUUID();
        post(change(UUID.randomUUID(), NotificationKind.FIRING, Severity.WARNING, "other"));
        told.put(a, new Dedup.Told(AlertState.FIRING, Severity.WARNING, null, false));

        Dedup.Decision d = post(change(a, NotificationKind.SEVERITY_CHANGED, Severity.CRITICAL, "cpu"),
                change(a, NotificationKind.RESOLVED, Severity.CRITICAL, "cpu"));

        assertThat(d.send()).singleElement().extracting(GroupedAlert::kind).isEqualTo(NotificationKind.RESOLVED);
    }

    @Test
    void aStableItemIsToldEvenIfTheSameStateWasToldBefore() {
        UUID a = UUID.randomUUID();
        post(change(a, NotificationKind.FIRING, Severity.WARNING, "cpu"));

        assertThat(post(DispatchReason.STABLE, change(a, NotificationKind.FIRING, Severity.WARNING, "cpu")).reason())
                .isEqualTo(DispatchReason.STABLE);
    }
}
