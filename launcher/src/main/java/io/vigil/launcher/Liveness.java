package io.vigil.launcher;

import java.time.Duration;

/**
 * Whether a service that was ready is still alive, from its {@code /q/health/live} answers as an
 * orchestrator's liveness probe would judge them: one failed probe (a GC pause, a busy moment) is
 * not death; failing for the whole grace period is. A single 200 clears the record. Times are
 * {@link System#nanoTime()} readings passed in, so tests drive the clock.
 */
public final class Liveness {

    /** Default grace; {@code VIGIL_LIVENESS_GRACE} changes it (tests use a few seconds). */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    /** What the watcher should do after a probe. */
    public enum Verdict {
        /** Answered 200. */
        LIVE,
        /** Not live, but not for the whole grace period yet. */
        SUSPECT,
        /** Not live for the whole grace period: restart it. */
        DEAD
    }

    private final Duration grace;
    private long downSince;
    private boolean down;
    private String lastProblem = "";

    public Liveness(Duration grace) {
        this.grace = grace;
    }

    /** Records one probe: {@code problem} is empty for HTTP 200, else what went wrong ("HTTP 503", "no answer"). */
    public synchronized Verdict observe(String problem, long nowNanos) {
        if (problem.isEmpty()) {
            down = false;
            return Verdict.LIVE;
        }
        lastProblem = problem;
        if (!down) {
            down = true;
            downSince = nowNanos;
        }
        return nowNanos - downSince >= grace.toNanos() ? Verdict.DEAD : Verdict.SUSPECT;
    }

    /** The last failed probe's problem, for the console line. */
    public synchronized String lastProblem() {
        return lastProblem;
    }

    public Duration grace() {
        return grace;
    }
}
