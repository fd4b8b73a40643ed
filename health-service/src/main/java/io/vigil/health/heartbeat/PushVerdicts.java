package io.vigil.health.heartbeat;

import io.vigil.config.HeartbeatCheck;
import io.vigil.health.probe.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict on a push check ({@code heartbeat} or {@code duplicati}) at a given moment: a pure
 * function of the check, what the calls left behind, and how long the service has been watching.
 */
public final class PushVerdicts {

    private PushVerdicts() {
    }

    /**
     * Empty while there is nothing to say yet: never called and not yet {@code deadline} since
     * {@code watchingSince}, so a fresh check or a restarted service does not cry DOWN at once.
     * A stored {@code lastPing} older than the deadline is DOWN at once, even right after a restart:
     * hiding a known-dead job for another deadline is worse than a rare false alarm after a long
     * outage of our own.
     *
     * @param watchingSince when this service began listening for the check: its start, or the
     *     check's creation if later
     */
    public static Optional<ProbeResult> verdict(HeartbeatCheck check, PushState state, Instant watchingSince,
            Instant now) {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(watchingSince, "watchingSince");
        Objects.requireNonNull(now, "now");
        return check.duplicati() ? backup(check, state, watchingSince, now) : heartbeat(check, state, watchingSince, now);
    }

    private static Optional<ProbeResult> heartbeat(HeartbeatCheck check, PushState state, Instant watchingSince,
            Instant now) {
        Duration deadline = check.deadline();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("deadline_seconds", String.valueOf(deadline.toSeconds()));
        if (state.lastPing() == null) {
            Duration watched = age(watchingSince, now);
            if (watched.compareTo(deadline) <= 0) {
                return Optional.empty();
            }
            return Optional.of(ProbeResult.down(0, "no heartbeat since watching began " + human(watched) + " ago "
                    + budget(check), details));
        }
        details.put("last_ping_at", state.lastPing().toString());
        Duration age = age(state.lastPing(), now);
        if (age.compareTo(deadline) > 0) {
            return Optional.of(ProbeResult.down(0, "no heartbeat for " + human(age) + " " + budget(check), details));
        }
        return Optional.of(ProbeResult.up(0, "last heartbeat " + human(age) + " ago", details));
    }

    private static Optional<ProbeResult> backup(HeartbeatCheck check, PushState state, Instant watchingSince,
            Instant now) {
        Duration deadline = check.deadline();
        DuplicatiReport report = state.lastReport();
        Map<String, String> details = details(report, state, deadline);

        // The age rule comes first: an old success is DOWN whatever the last report says.
        Duration sinceSuccess = state.lastSuccess() == null ? null : age(state.lastSuccess(), now);
        if (sinceSuccess != null && sinceSuccess.compareTo(deadline) > 0) {
            return down("last successful backup " + human(sinceSuccess) + " ago, older than " + human(deadline),
                    details);
        }
        if (sinceSuccess == null) {
            Duration watched = age(watchingSince, now);
            if (watched.compareTo(deadline) > 0) {
                return down("no successful backup since watching began " + human(watched) + " ago, older than "
                        + human(deadline), details);
            }
            if (report == null) {
                return Optional.empty();
            }
        }
        if (report == null) {
            // A success is known but its report was not kept (e.g. stored by an older version).
            return Optional.of(ProbeResult.up(0, "last successful backup " + human(sinceSuccess) + " ago", details));
        }

        switch (report.result()) {
            case SUCCESS:
                return Optional.of(ProbeResult.up(0, "last backup succeeded " + human(sinceSuccess) + " ago", details));
            case WARNING:
                if (check.warningsDegrade()) {
                    return Optional.of(ProbeResult.degraded(0, "last backup finished with "
                            + count(report.warnings(), "warning") + first(report.warningMessages().isEmpty() ? null
                                    : report.warningMessages().get(0)), details));
                }
                return Optional.of(ProbeResult.up(0, "last backup succeeded " + human(sinceSuccess) + " ago with "
                        + count(report.warnings(), "warning"), details));
            case ERROR:
                return Optional.of(ProbeResult.degraded(0, "last backup finished with "
                        + count(report.errors(), "error") + first(firstError(report)), details));
            case FATAL:
                return down("last backup failed" + first(firstError(report)), details);
            default:
                return Optional.of(ProbeResult.degraded(0, "last backup report has no result"
                        + " (send the default report, or JSON with --send-http-json-urls)", details));
        }
    }

    private static Optional<ProbeResult> down(String message, Map<String, String> details) {
        return Optional.of(ProbeResult.down(0, message, details));
    }

    /** The report's facts, flat; keys are left out when the report does not say. */
    private static Map<String, String> details(DuplicatiReport report, PushState state, Duration deadline) {
        Map<String, String> d = new LinkedHashMap<>();
        if (report != null) {
            d.put("result", report.result().label());
            put(d, "operation", report.operation());
            put(d, "backup_name", report.backupName());
            put(d, "duration_seconds", report.duration() == null ? null : String.valueOf(report.duration().toSeconds()));
            put(d, "size_bytes", report.examinedBytes());
            put(d, "added_bytes", report.addedBytes());
            d.put("warnings", String.valueOf(report.warnings()));
            d.put("errors", String.valueOf(report.errors()));
            put(d, "begun_at", report.beginTime());
            put(d, "ended_at", report.endTime());
            put(d, "first_error", firstError(report));
            put(d, "first_warning", report.warningMessages().isEmpty() ? null : report.warningMessages().get(0));
        }
        put(d, "last_success_at", state.lastSuccess());
        put(d, "last_ping_at", state.lastPing());
        d.put("deadline_seconds", String.valueOf(deadline.toSeconds()));
        return d;
    }

    private static void put(Map<String, String> details, String key, Object value) {
        if (value != null) {
            details.put(key, value.toString());
        }
    }

    private static String firstError(DuplicatiReport report) {
        return report.errorMessages().isEmpty() ? null : report.errorMessages().get(0);
    }

    private static String first(String message) {
        return message == null ? "" : ": " + message;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String budget(HeartbeatCheck check) {
        return "(period " + human(check.period()) + " + grace " + human(check.grace()) + ")";
    }

    /** Never negative: a clock that went backwards, or a time stored by a host ahead of us, is "just now". */
    private static Duration age(Instant since, Instant now) {
        Duration d = Duration.between(since, now);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /**
     * The two largest units, with hours not rolled into days below three days: a backup's age
     * reads as {@code 27h}, which compares at a glance with a {@code 26h} deadline; a week as {@code 7d}.
     */
    static String human(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s >= 3 * 86_400) {
            long hours = s % 86_400 / 3_600;
            return s / 86_400 + "d" + (hours > 0 ? " " + hours + "h" : "");
        }
        long hours = s / 3_600;
        long minutes = s % 3_600 / 60;
        long seconds = s % 60;
        if (hours > 0) {
            return hours + "h" + (minutes > 0 ? " " + minutes + "m" : "");
        }
        if (minutes > 0) {
            return minutes + "m" + (seconds > 0 ? " " + seconds + "s" : "");
        }
        return seconds + "s";
    }
}
