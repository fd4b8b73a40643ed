package io.vigil.alert.dispatch;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vigil.alert.health.PipelineHealth;
import io.vigil.alert.inhibit.Inhibitor;
import io.vigil.alert.rule.RuleBook;
import io.vigil.alert.silence.AlertRef;
import io.vigil.alert.silence.MaintenanceWindows;
import io.vigil.alert.silence.MuteReason;
import io.vigil.alert.silence.Mutes;
import io.vigil.alert.silence.Silences;
import io.vigil.alert.store.DispatchStore;
import io.vigil.alert.store.DispatchStore.AlertLabels;
import io.vigil.alert.store.DispatchStore.DueGroup;
import io.vigil.alert.store.DispatchStore.GroupItem;
import io.vigil.alert.store.DispatchStore.NewItem;
import io.vigil.config.RuleConfig;
import io.vigil.events.AlertState;
import io.vigil.events.EventSource;
import io.vigil.events.GroupedAlert;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import io.vigil.events.NotificationGroup;
import io.vigil.events.NotificationKind;
import io.vigil.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Decides what people are told, and when. The pipeline queues every change worth telling in the
 * same transaction as the change; each round here takes the queue through
 * <pre>
 * inhibit → silence / maintenance → group (route + group-by) → [group due] dedup → publish (outbox)
 * </pre>
 * and queues reminders that fell due. Muted changes are dropped with the reason recorded on their
 * alert; the transitions themselves were stored regardless. A round is one transaction under an
 * advisory lock: one dispatcher at a time, of any instance, and nothing half-done after a crash.
 */
public final class Dispatcher {

    static final String OPERATION = "dispatch (PostgreSQL)";
    private static final int BATCH = 1000;

    private final DispatchStore store;
    private final Supplier<Routing> routing;
    private final Supplier<RuleBook> rules;
    private final Supplier<Inhibitor> inhibitor;
    private final Silences silences;
    private final MaintenanceWindows maintenance;
    private final EventSource source;
    private final Clock clock;
    private final PipelineHealth health;
    private final Runnable published;
    private final DispatchMetrics metrics;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    public Dispatcher(DispatchStore store, Supplier<Routing> routing, Supplier<RuleBook> rules,
            Supplier<Inhibitor> inhibitor, Silences silences, MaintenanceWindows maintenance, EventSource source,
            Clock clock, PipelineHealth health, Runnable published, DispatchMetrics metrics) {
        this.store = store;
        this.routing = routing;
        this.rules = rules;
        this.inhibitor = inhibitor;
        this.silences = silences;
        this.maintenance = maintenance;
        this.source = source;
        this.clock = clock;
        this.health = health;
        this.published = published;
        this.metrics = metrics;
    }

    /** Asks for a round; returns at once. A wake during a round makes it run once more. */
    public void wake() {
        again.set(true);
        if (running.compareAndSet(false, true)) {
            next();
        }
    }

    private void next() {
        again.set(false);
        round().subscribe().with(work -> {
            health.succeeded(OPERATION);
            if (work > 0) {
                again.set(true);
            }
            running.set(false);
            if (again.get() && running.compareAndSet(false, true)) {
                next();
            }
        }, failure -> {
            // Everything stays queued; the next wake (the timer, at the latest) tries again.
            health.failed(OPERATION, failure);
            running.set(false);
        });
    }

    /** One round; the number of queue rows and reminders handled (0: nothing to do), -1 when locked out. */
    public Uni<Integer> round() {
        Instant now = clock.instant();
        Routing routes = routing.get();
        return store.round(conn -> group(conn, routes, now)
                .chain(grouped -> flush(conn, routes, now).map(flushed -> grouped + flushed))
                .chain(done -> remind(conn, routes, now).map(reminded -> done + reminded)))
                .invoke(done -> {
                    if (done > 0) {
                        published.run();
                    }
                });
    }

    // --- inhibit → silence / maintenance → group ---------------------------------------------------

    private Uni<Integer> group(SqlConnection conn, Routing routes, Instant now) {
        return store.newItems(conn, BATCH).chain(items -> {
            if (items.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            Inhibitor inhibit = inhibitor.get();
            Uni<List<AlertLabels>> firing = inhibit.rules().isEmpty() ? Uni.createFrom().item(List.of())
                    : store.firing(conn);
            return firing.chain(active -> {
                Mutes mutes = new Mutes(inhibit.snapshot(active.stream().map(Dispatcher::ref).toList()), silences,
                        maintenance);
                Set<UUID> cleared = new LinkedHashSet<>();
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (NewItem item : items) {
                    chain = chain.chain(() -> place(conn, routes, mutes, item, now, cleared));
                }
                return chain.chain(() -> release(conn, mutes, cleared, now)).replaceWith(items.size());
            });
        });
    }

    private Uni<Void> place(SqlConnection conn, Routing routes, Mutes mutes, NewItem item, Instant now,
            Set<UUID> cleared) {
        boolean recovery = item.item().kind() == NotificationKind.RESOLVED;
        if (recovery) {
            cleared.add(item.alertId());
        }
        AlertRef ref = AlertRef.of(item.alertId(), item.rule(), item.severity(), item.labels());
        Optional<MuteReason> muted;
        if (recovery && item.notified() != null) {
            // People were told it fired: its recovery is told unless silenced, whatever inhibits it now.
            muted = silences.mutes(ref.attributes(), now).or(() -> maintenance.mutes(ref.attributes(), now));
        } else if (recovery && item.inhibitedBy() != null) {
            muted = Optional.of(MuteReason.inhibited(item.inhibitedBy(), "resolved while inhibited"));
        } else {
            muted = mutes.why(ref, now);
        }
        if (muted.isPresent()) {
            MuteReason why = muted.get();
            metrics.muted(why.kind());
            Log.debugf("muted alert=%s rule=%s kind=%s reason=%s", item.alertId(), item.rule(), item.kind(), why.text());
            return store.mute(conn, item.queueId(), item.alertId(), why.text(), why.inhibitingAlert().orElse(null));
        }
        Map<String, String> attributes = new HashMap<>(ref.attributes());
        attributes.put("kind", item.item().kind().name().toLowerCase(java.util.Locale.ROOT));
        Routing.Route route = routes.route(attributes);
        Map<String, String> groupLabels = Routing.groupLabels(route, item.labels());
        String key = Routing.groupKey(route, groupLabels);
        return store.assign(conn, item, route.name(), key, groupLabels, now, route.groupWait(), route.groupInterval());
    }

    /**
     * Alerts held back by inhibitors that just resolved: told now if they still fire and nothing
     * else holds them back.
     */
    private Uni<Void> release(SqlConnection conn, Mutes mutes, Set<UUID> cleared, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID inhibitor : cleared) {
            chain = chain.chain(() -> store.inhibitedBy(conn, inhibitor).chain(held -> {
                Uni<Void> each = Uni.createFrom().voidItem();
                for (AlertLabels a : held) {
                    Optional<MuteReason> still = mutes.why(ref(a), now).filter(r -> !r.inhibitingAlert()
                            .map(inhibitor::equals).orElse(false));
                    if (still.isPresent()) {
                        each = each.chain(() -> store.holdBack(conn, a.alertId(), still.get().text(),
                                still.get().inhibitingAlert().orElse(null)));
                        continue;
                    }
                    GroupedAlert item = new GroupedAlert(a.alertId(), a.fingerprint(), a.sequence(),
                            NotificationKind.FIRING, a.rule(), a.severity(), a.summary(), a.labels(), a.value(),
                            a.since(), now, null, null);
                    each = each.chain(() -> store.holdBack(conn, a.alertId(), null, null))
                            .chain(() -> store.enqueue(conn, item, DispatchReason.INHIBITOR_CLEARED.label()));
                }
                return each;
            }));
        }
        return chain;
    }

    // --- dedup → publish ---------------------------------------------------------------------------

    private Uni<Integer> flush(SqlConnection conn, Routing routes, Instant now) {
        return store.dueGroups(conn, now, 100).chain(groups -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (DueGroup g : groups) {
                chain = chain.chain(n -> flushGroup(conn, routes, g, now).map(m -> n + m));
            }
            return chain;
        });
    }

    private Uni<Integer> flushGroup(SqlConnection conn, Routing routes, DueGroup group, Instant now) {
        return store.groupItems(conn, group.key()).chain(items -> {
            List<Long> ids = items.stream().map(GroupItem::queueId).toList();
            Map<UUID, Dedup.Told> told = new HashMap<>();
            List<Dedup.Pending> pending = new ArrayList<>();
            for (GroupItem i : items) {
                told.putIfAbsent(i.item().alertId(),
                        new Dedup.Told(i.notified(), i.notifiedSeverity(), i.state(), i.acknowledged()));
                pending.add(new Dedup.Pending(i.queueId(), i.item(), DispatchReason.parse(i.reason())));
            }
            Dedup.Decision decision = Dedup.decide(pending, told, group.flushes() == 0);
            decision.dropped().forEach(d -> Log.debugf("not told group=%s %s", group.key(), d));
            if (decision.isEmpty()) {
                return store.flushed(conn, group.key(), ids, false, now).replaceWith(ids.size());
            }
            Routing.Route route = routes.byName(group.route());
            Map<String, RuleConfig> byName = rules.get().byName();
            return store.firingInGroup(conn, group.key()).chain(stillFiring -> {
                Notification n = notification(group, decision, stillFiring, now);
                Uni<Void> chain = store.publish(conn, Topics.NOTIFICATIONS,
                        decision.send().size() == 1 ? decision.send().get(0).fingerprint() : group.key(), Json.write(n));
                for (GroupedAlert sent : decision.send()) {
                    AlertState state = decision.told().get(sent.alertId());
                    Instant reminder = now.plus(routes.repeatInterval(byName.get(sent.rule()), route));
                    chain = chain.chain(() -> store.told(conn, sent.alertId(), state, sent.severity(), now, reminder));
                }
                metrics.posted(decision.reason(), decision.send().size());
                Log.infof("notify group=%s reason=%s alerts=%d still_firing=%d id=%s", group.key(),
                        decision.reason().label(), decision.send().size(), stillFiring, n.eventId());
                return chain.chain(() -> store.flushed(conn, group.key(), ids, true, now)).replaceWith(ids.size());
            });
        });
    }

    private Notification notification(DueGroup group, Dedup.Decision decision, int stillFiring, Instant now) {
        List<GroupedAlert> send = decision.send();
        GroupedAlert lead = send.get(0);
        UUID id = send.size() == 1 && singleId(lead)
                ? Notification.idFor(lead.alertId(), lead.sequence())
                : UUID.nameUUIDFromBytes(("group/" + group.key() + "/" + (group.flushes() + 1))
                        .getBytes(StandardCharsets.UTF_8));
        // Two severities: a change of severity came from the other one.
        io.vigil.events.Severity previous = lead.kind() != NotificationKind.SEVERITY_CHANGED ? null
                : lead.severity() == io.vigil.events.Severity.CRITICAL ? io.vigil.events.Severity.WARNING
                : io.vigil.events.Severity.CRITICAL;
        return new Notification(id, now, source, Notification.SCHEMA_VERSION, lead.kind(), lead.alertId(),
                lead.fingerprint(), lead.sequence(), lead.rule(), lead.severity(), previous, lead.summary(), lead.labels(),
                lead.value(), lead.since(), decision.reason().label(), group.route(),
                new NotificationGroup(group.key(), group.labels(), send, stillFiring), lead.actor(), lead.comment());
    }

    /**
     * Whether a post about one change can take the id of the change itself (alert and sequence),
     * as before grouping: true for transitions and acknowledgements, which have a sequence of
     * their own; reminders and re-tellings do not.
     */
    private static boolean singleId(GroupedAlert item) {
        return item.kind() != NotificationKind.REMINDER;
    }

    // --- reminders ---------------------------------------------------------------------------------

    private Uni<Integer> remind(SqlConnection conn, Routing routes, Instant now) {
        return store.dueReminders(conn, now, 100).chain(due -> {
            Map<String, RuleConfig> byName = due.isEmpty() ? Map.of() : rules.get().byName();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (DispatchStore.Reminder r : due) {
                AlertLabels a = r.alert();
                GroupedAlert item = new GroupedAlert(a.alertId(), a.fingerprint(), a.sequence(),
                        NotificationKind.REMINDER, a.rule(), a.severity(), a.summary(), a.labels(), a.value(),
                        a.since(), now, null, null);
                Instant next = now.plus(routes.repeatInterval(byName.get(a.rule()), routes.byName(r.route())));
                chain = chain.chain(() -> store.enqueue(conn, item, DispatchReason.REPEAT_DUE.label()))
                        .chain(() -> store.nextReminder(conn, a.alertId(), next));
            }
            return chain.replaceWith(due.size());
        });
    }

    private static AlertRef ref(AlertLabels a) {
        return AlertRef.of(a.alertId(), a.rule(), a.severity(), a.labels());
    }
}
