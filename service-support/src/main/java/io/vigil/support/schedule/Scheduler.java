package io.vigil.support.schedule;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Runs every job (a health check, a domain) at its interval on Vert.x timers: no thread per job,
 * one event-loop context for the bookkeeping. Each job starts at its {@link Spread} offset and then
 * at a fixed rate (planned times, so delays do not accumulate); a job whose last run has not ended skips that
 * turn instead of overlapping itself. At most {@code maxInFlight} runs are in progress at once;
 * runs due beyond that wait in arrival order. How late each run starts (its start lag, the jitter
 * the benchmark prints) goes to {@link Listener#started}.
 */
public final class Scheduler<T> {

    private static final Logger LOG = Logger.getLogger(Scheduler.class);

    /** Runs one job; the stage completes when its result is handed on (never exceptionally, ideally). */
    public interface Runner<T> {
        CompletionStage<?> run(T job);
    }

    /** What the scheduler reports, for metrics. */
    public interface Listener<T> {
        /** A run started {@code lagNanos} after it was planned. */
        void started(T job, long lagNanos);

        /** A run was due while the previous one of the same job was still going. */
        void skipped(T job);
    }

    private final Vertx vertx;
    private final Context context;
    private final Function<T, String> name;
    private final Function<T, Duration> interval;
    private final Runner<T> runner;
    private final Listener<T> listener;
    private final int maxInFlight;
    private final LongSupplier nanoTime;
    // Touched on the context only.
    private final Map<String, Slot> slots = new HashMap<>();
    private final ArrayDeque<Slot> waiting = new ArrayDeque<>();
    private volatile int inFlight;
    private volatile boolean stopped;

    /**
     * @param name a job's identity: scheduling a job of the same name replaces the old one
     * @param interval how often a job runs
     */
    public Scheduler(Vertx vertx, Function<T, String> name, Function<T, Duration> interval, Runner<T> runner,
            Listener<T> listener, int maxInFlight) {
        this(vertx, name, interval, runner, listener, maxInFlight, System::nanoTime);
    }

    Scheduler(Vertx vertx, Function<T, String> name, Function<T, Duration> interval, Runner<T> runner,
            Listener<T> listener, int maxInFlight, LongSupplier nanoTime) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.name = name;
        this.interval = interval;
        this.runner = runner;
        this.listener = listener;
        this.maxInFlight = maxInFlight;
        this.nanoTime = nanoTime;
    }

    /** Starts running {@code job} (or replaces the job of that name: a changed interval restarts its phase). */
    public void schedule(T job) {
        String key = name.apply(job);
        Duration every = interval.apply(job);
        context.runOnContext(v -> {
            if (stopped) {
                return;
            }
            Slot old = slots.remove(key);
            if (old != null) {
                old.cancel();
            }
            Slot slot = new Slot(job, key, every);
            slots.put(key, slot);
            slot.plan(nanoTime.getAsLong() + Spread.offset(key, every).toNanos());
        });
    }

    /** Stops running the job of this name; a run in progress finishes and is not repeated. */
    public void cancel(String name) {
        context.runOnContext(v -> {
            Slot slot = slots.remove(name);
            if (slot != null) {
                slot.cancel();
            }
        });
    }

    /** Stops everything; runs in progress finish on their own. */
    public void stop() {
        stopped = true;
        context.runOnContext(v -> {
            slots.values().forEach(Slot::cancel);
            slots.clear();
            waiting.clear();
        });
    }

    /** Runs waiting for a free place right now (a gauge: above zero means maxInFlight is too low). */
    public int waiting() {
        return waiting.size();
    }

    /** Runs in progress right now. */
    public int inFlight() {
        return inFlight;
    }

    private void due(Slot slot) {
        if (slot.cancelled) {
            return;
        }
        long planned = slot.due;
        // The next turn is planned now, from the planned time, so a slow or late run shifts nothing.
        slot.plan(planned + slot.every.toNanos());
        if (slot.running || slot.queued) {
            listener.skipped(slot.job);
            return;
        }
        slot.plannedStart = planned;
        if (inFlight < maxInFlight) {
            start(slot);
        } else {
            slot.queued = true;
            waiting.add(slot);
        }
    }

    private void start(Slot slot) {
        inFlight++;
        slot.running = true;
        listener.started(slot.job, Math.max(0, nanoTime.getAsLong() - slot.plannedStart));
        CompletionStage<?> run;
        try {
            run = runner.run(slot.job);
        } catch (RuntimeException e) {
            LOG.errorf(e, "run failed to start job=%s", slot.key);
            finished(slot);
            return;
        }
        run.whenComplete((r, e) -> {
            if (e != null && !stopped) {
                LOG.errorf(e, "run failed job=%s", slot.key);
            } else if (e != null) {
                // Shutting down: the Kafka channel may be gone before the last runs end.
                LOG.debugf("run ended by shutdown job=%s: %s", slot.key, e.toString());
            }
            context.runOnContext(v -> finished(slot));
        });
    }

    private void finished(Slot slot) {
        inFlight--;
        slot.running = false;
        while (inFlight < maxInFlight && !waiting.isEmpty()) {
            Slot next = waiting.poll();
            next.queued = false;
            if (!next.cancelled && !stopped) {
                start(next);
            }
        }
    }

    /** One scheduled job: its next planned time and whether a run of it is going. */
    private final class Slot {
        final T job;
        final String key;
        final Duration every;
        long due;
        long plannedStart;
        long timer = -1;
        boolean running;
        boolean queued;
        boolean cancelled;

        Slot(T job, String key, Duration every) {
            this.job = job;
            this.key = key;
            this.every = every;
        }

        void plan(long at) {
            due = at;
            long delayMillis = Math.max(1, Duration.ofNanos(at - nanoTime.getAsLong()).toMillis());
            timer = vertx.setTimer(delayMillis, id -> due(this));
        }

        void cancel() {
            cancelled = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }
    }
}
