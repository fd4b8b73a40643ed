package io.vigil.test.mattermost;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fake's front door: every request passes it first, as every request to Mattermost passes its
 * rate limiter before any handler. It holds the optional limiter and the arrival time of every
 * request it let through, so that a test can check how a client paced itself.
 */
final class Gate {

    private final long startNanos = System.nanoTime();
    private final List<Long> arrivals = new ArrayList<>();
    private Gcra limiter;
    private int rateLimited;

    /**
     * Admits one request arriving now: the limiter's decision, or null when no limiter is set. The
     * clock is read under the lock, so arrivals are recorded in order.
     */
    synchronized Gcra.Decision admit() {
        long now = System.nanoTime();
        Gcra.Decision decision = limiter == null ? null : limiter.take(now);
        if (decision != null && decision.limited()) {
            rateLimited++;
        } else {
            arrivals.add(now);
        }
        return decision;
    }

    synchronized void limit(double perSecond, int burst) {
        limiter = new Gcra(perSecond, burst);
    }

    synchronized void unlimit() {
        limiter = null;
    }

    synchronized int rateLimited() {
        return rateLimited;
    }

    synchronized List<Duration> arrivals() {
        List<Duration> list = new ArrayList<>(arrivals.size());
        for (long at : arrivals) {
            list.add(Duration.ofNanos(at - startNanos));
        }
        return list;
    }

    /** The largest number of arrivals in any half-open window {@code [t, t + window)}. */
    synchronized int mostWithin(Duration window) {
        long w = window.toNanos();
        int most = 0;
        int first = 0;
        for (int last = 0; last < arrivals.size(); last++) {
            while (arrivals.get(last) - arrivals.get(first) >= w) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }

    synchronized void forget() {
        arrivals.clear();
        rateLimited = 0;
    }
}
