package io.vigil.alert.dispatch;

import io.vigil.events.AlertState;
import io.vigil.events.GroupedAlert;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decides, for the changes waiting in one group, what its next post tells and why: a change people
 * were already told is dropped, a recovery of an alert nobody was told about is dropped, and an
 * alert with several changes since the last post is told once, as it stands. Plain Java; the
 * dispatcher feeds it what is stored.
 */
public final class Dedup {

    /** What people were last told about an alert, and where it stands now. */
    public record Told(AlertState notified, Severity notifiedSeverity, AlertState state, boolean acknowledged) {
    }

    /** One waiting change: the item, and why it was queued when not for the change itself. */
    public record Pending(long queueId, GroupedAlert item, DispatchReason reason) {
    }

    /** The post to send (empty: nothing to tell), why, and what each told alert was told. */
    public record Decision(List<GroupedAlert> send, DispatchReason reason, Map<UUID, AlertState> told,
            List<String> dropped) {

        public boolean isEmpty() {
            return send.isEmpty();
        }
    }

    private Dedup() {
    }

    /**
     * @param firstPost whether the group has never posted
     * @param told what was told per alert so far, by alert id (alerts absent: never told)
     */
    public static Decision decide(List<Pending> pending, Map<UUID, Told> told, boolean firstPost) {
        Map<UUID, GroupedAlert> send = new LinkedHashMap<>();
        Map<UUID, AlertState> now = new LinkedHashMap<>();
        Map<UUID, DispatchReason> why = new LinkedHashMap<>();
        List<String> dropped = new ArrayList<>();
        for (Pending p : pending) {
            GroupedAlert item = p.item();
            UUID id = item.alertId();
            Told t = told.getOrDefault(id, new Told(null, null, null, false));
            AlertState notified = now.containsKey(id) ? now.get(id) : t.notified();
            Severity notifiedSeverity = send.containsKey(id) ? send.get(id).severity() : t.notifiedSeverity();
            String drop = dropReason(item, p.reason(), notified, notifiedSeverity, t);
            if (drop != null) {
                dropped.add(item.rule() + " " + item.kind().name().toLowerCase() + ": " + drop);
                continue;
            }
            // The latest change of an alert stands for it; an earlier one in the same post is replaced.
            send.remove(id);
            send.put(id, item);
            now.put(id, toldState(item));
            why.put(id, p.reason());
        }
        List<GroupedAlert> items = new ArrayList<>(send.values());
        items.sort(Dedup::mostSevereFirst);
        return new Decision(items, reason(items, why, firstPost), now, dropped);
    }

    private static String dropReason(GroupedAlert item, DispatchReason reason, AlertState notified,
            Severity notifiedSeverity, Told t) {
        if (reason == DispatchReason.STABLE) {
            return null;
        }
        return switch (item.kind()) {
            case FIRING, SEVERITY_CHANGED -> notified == AlertState.FIRING && item.severity() == notifiedSeverity
                    ? "already told" : null;
            case RESOLVED -> notified == AlertState.FIRING || notified == AlertState.PENDING ? null
                    : notified == AlertState.RESOLVED ? "already told" : "its firing was never told";
            case ACKNOWLEDGED -> notified == AlertState.FIRING ? null : "its firing was never told";
            case REMINDER -> notified == AlertState.FIRING && t.state() == AlertState.FIRING && !t.acknowledged()
                    ? null : "no longer due";
            case FLAPPING -> null;
        };
    }

    /**
     * What people know of the alert once told: firing, resolved, or (for a flapping notice)
     * {@code PENDING}, which stands for "told it flaps": its recovery is still worth telling.
     */
    private static AlertState toldState(GroupedAlert item) {
        return switch (item.kind()) {
            case FIRING, SEVERITY_CHANGED, ACKNOWLEDGED, REMINDER -> AlertState.FIRING;
            case RESOLVED -> AlertState.RESOLVED;
            case FLAPPING -> AlertState.PENDING;
        };
    }

    private static DispatchReason reason(List<GroupedAlert> items, Map<UUID, DispatchReason> why, boolean firstPost) {
        if (items.isEmpty()) {
            return null;
        }
        if (why.containsValue(DispatchReason.INHIBITOR_CLEARED)) {
            return DispatchReason.INHIBITOR_CLEARED;
        }
        if (why.containsValue(DispatchReason.STABLE)) {
            return DispatchReason.STABLE;
        }
        if (firstPost) {
            return DispatchReason.FIRST;
        }
        if (all(items, NotificationKind.RESOLVED)) {
            return DispatchReason.RESOLVED;
        }
        if (all(items, NotificationKind.REMINDER)) {
            return DispatchReason.REPEAT_DUE;
        }
        if (all(items, NotificationKind.ACKNOWLEDGED)) {
            return DispatchReason.ACKNOWLEDGED;
        }
        if (all(items, NotificationKind.FLAPPING)) {
            return DispatchReason.FLAPPING;
        }
        return DispatchReason.NEW_ALERTS;
    }

    private static boolean all(List<GroupedAlert> items, NotificationKind kind) {
        return items.stream().allMatch(i -> i.kind() == kind);
    }

    /** Firing before anything else, critical before warning, then by rule name: the post reads worst first. */
    static int mostSevereFirst(GroupedAlert a, GroupedAlert b) {
        int ka = rank(a.kind());
        int kb = rank(b.kind());
        if (ka != kb) {
            return Integer.compare(ka, kb);
        }
        int sa = a.severity() == null ? 0 : a.severity().ordinal();
        int sb = b.severity() == null ? 0 : b.severity().ordinal();
        if (sa != sb) {
            return Integer.compare(sb, sa);
        }
        return String.valueOf(a.rule()).compareTo(String.valueOf(b.rule()));
    }

    private static int rank(NotificationKind kind) {
        return switch (kind) {
            case FIRING, SEVERITY_CHANGED -> 0;
            case FLAPPING -> 1;
            case REMINDER -> 2;
            case ACKNOWLEDGED -> 3;
            case RESOLVED -> 4;
        };
    }
}
