package io.vigil.health.schedule;

import io.quarkus.logging.Log;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vigil.config.CheckConfig;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Runs every check at its interval on Vert.x timers: no thread per check, one event-loop context
 * for the bookkeeping. Each check starts at its {@link Spread} offset and then at a fixed rate
 * (planned times, so delays do not accumulate); a check whose last run has not ended skips that
 * turn instead of overlapping itself. At most {@code maxInFlight} runs are in progress at once;
 * runs due beyond that wait in arrival order. How late each run starts (its start lag, the jitter
 * the benchmark prints) goes to {@link Listener#started}.
 */
public final class Scheduler {

    /** Runs one check; the stage completes when its result is handed on (never exceptionally, ideally). */
    public interface Runner {
        CompletionStage<?> run(CheckConfig check);
    }

    /** What the scheduler reports, for metrics. */
    public interface Listener {
        /** A run started {@code lagNanos} after it was planned. */
        void started(CheckConfig check, long lagNanos);

        /** A run was due while the previous one of the same check was still going. */
        void skipped(CheckConfig check);
    }

    private final Vertx vertx;
    private final Context context;
    private final Runner runner;
    private final Listener listener;
    private final int maxInFlight;
    private final LongSupplier nanoTime;
    // Touched on the context only.
    private final Map<String, Slot> slots = new HashMap<>();
    private final ArrayDeque<Slot> waiting = new ArrayDeque<>();
    private volatile int inFlight;
    private volatile boolean stopped;

    public Scheduler(Vertx vertx, Runner runner, Listener listener, int maxInFlight) {
        this(vertx, runner, listener, maxInFlight, System::nanoTime);
    }

    Scheduler(Vertx vertx, Runner runner, Listener listener, int maxInFlight, LongSupplier nanoTime) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.runner = runner;
        this.listener = listener;
        this.maxInFlight = maxInFlight;
        this.nanoTime = nanoTime;
    }

    /** Starts running {@code check} (or replaces the check of that name: a changed interval restarts its phase). */
    public void schedule(CheckConfig check) {
        context.runOnContext(v -> {
            if (stopped) {
                return;
            }
            Slot old = slots.remove(check.name());
            if (old != null) {
                old.cancel();
            }
            Slot slot = new Slot(check);
            slots.put(check.name(), slot);
            slot.plan(nanoTime.getAsLong() + Spread.offset(check.name(), check.interval()).toNanos());
        });
    }

    /** Stops running the check of this name; a run in progress finishes and is not repeated. */
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
        slot.plan(planned + slot.check.interval().toNanos());
        if (slot.running || slot.queued) {
            listener.skipped(slot.check);
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
        listener.started(slot.check, Math.max(0, nanoTime.getAsLong() - slot.plannedStart));
        CompletionStage<?> run;
        try {
            run = runner.run(slot.check);
        } catch (RuntimeException e) {
            Log.errorf(e, "check run failed to start check=%s", slot.check.name());
            finished(slot);
            return;
        }
        run.whenComplete((r, e) -> {
            if (e != null && !stopped) {
                Log.errorf(e, "check run failed check=%s", slot.check.name());
            } else if (e != null) {
                // Shutting down: the Kafka channel may be gone before the last runs end.
                Log.debugf("check run ended by shutdown check=%s: %s", slot.check.name(), e.toString());
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

    /** One scheduled check: its next planned time and whether a run of it is going. */
    private final class Slot {
        final CheckConfig check;
        long due;
        long plannedStart;
        long timer = -1;
        boolean running;
        boolean queued;
        boolean cancelled;

        Slot(CheckConfig check) {
            this.check = check;
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
