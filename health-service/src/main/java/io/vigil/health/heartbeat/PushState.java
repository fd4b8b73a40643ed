package io.vigil.health.heartbeat;

import java.time.Instant;
import java.util.Objects;

/**
 * What the health-service remembers of one push check between calls, and stores so a restart
 * keeps it: {@link PushVerdicts} judges it, {@link #after} is what a call changes.
 *
 * @param lastPing the last call of any kind (heartbeat, report, or a report of another operation)
 * @param lastSuccess the last backup report whose result was a success or a warning
 * @param lastReport the last backup report, or null; reports of other operations do not replace it
 */
public record PushState(Instant lastPing, Instant lastSuccess, DuplicatiReport lastReport) {

    /** Never called. */
    public static final PushState NONE = new PushState(null, null, null);

    /**
     * The state after a call at {@code at}: a plain heartbeat when {@code report} is null.
     *
     * <p>A restore or compact report ({@code --send-http-any-operation}) is a sign of life but says
     * nothing about backups, so it moves only {@code lastPing}. Times only move forward, so a
     * request handled late cannot make the check look staler than it is.
     */
    public PushState after(DuplicatiReport report, Instant at) {
        Objects.requireNonNull(at, "at");
        Instant ping = latest(lastPing, at);
        if (report == null || !report.isBackup()) {
            return new PushState(ping, lastSuccess, lastReport);
        }
        Instant success = report.result().successful() ? latest(lastSuccess, at) : lastSuccess;
        return new PushState(ping, success, report);
    }

    /** The state after a plain heartbeat at {@code at}. */
    public PushState afterPing(Instant at) {
        return after(null, at);
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
