package io.vigil.health.probe;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vigil.config.Durations;
import io.vigil.events.HealthStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One run of a probe: its clock, the timer that ends it after the check's timeout, the details
 * gathered so far, and the connection to close however it ends. A run's callbacks come on
 * one event loop (see {@link #start}), but a cancel comes from anywhere, so everything here is
 * safe to call from any thread and the first verdict wins.
 */
final class ProbeRun {

    private final Vertx vertx;
    private final Duration timeout;
    private final long start = System.nanoTime();
    private final Promise<ProbeResult> result = Promise.promise();
    private final Map<String, String> details = new ConcurrentHashMap<>();
    private final AtomicReference<Runnable> closer = new AtomicReference<>();
    private final List<String> secrets;
    private volatile long timer = -1;
    private volatile Supplier<String> timeoutNote;

    private ProbeRun(Vertx vertx, Duration timeout, List<String> secrets) {
        this.vertx = vertx;
        this.timeout = timeout;
        this.secrets = secrets;
    }

    /**
     * A Uni that starts a run when subscribed; {@code body} starts the I/O and ends the run with
     * {@link #finish} or {@link #fail}. Cancelling the Uni ends the run and closes its connection.
     *
     * @param secrets texts that must never appear in the result (a password), replaced by ******
     */
    static Uni<ProbeResult> start(Vertx vertx, Duration timeout, List<String> secrets, Consumer<ProbeRun> body) {
        return Uni.createFrom().emitter(emitter -> {
            ProbeRun run = new ProbeRun(vertx, timeout, secrets);
            run.result.future().onComplete(ar -> {
                if (ar.succeeded()) {
                    emitter.complete(ar.result());
                } else {
                    emitter.fail(ar.cause());
                }
            });
            emitter.onTermination(() -> run.finish(HealthStatus.DOWN, "cancelled"));
            // The whole run on one event loop: Vert.x then calls each future's listeners the moment
            // it completes, so a response's handlers are set before its body arrives. Started from
            // another thread (the scheduler's, a test's), listeners would be queued as tasks and
            // a short answer could end before anyone listens to it.
            Context context = vertx.getOrCreateContext();
            context.runOnContext(v -> {
                if (run.done()) {
                    return;
                }
                run.timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> run.timedOut());
                try {
                    body.accept(run);
                } catch (RuntimeException e) {
                    run.fail(e);
                }
            });
        });
    }

    long elapsedMillis() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Time left before the timeout, at least 1 ms (Vert.x reads 0 as "no timeout"). */
    long remainingMillis() {
        return Math.max(1, timeout.toMillis() - elapsedMillis());
    }

    boolean done() {
        return result.future().isComplete();
    }

    void detail(String key, String value) {
        details.put(key, value);
    }

    /** What the timeout message adds after {@code timed out after 5s}, e.g. what was still missing. */
    void onTimeoutSay(Supplier<String> note) {
        this.timeoutNote = note;
    }

    /**
     * Hands the run the way to close what it has opened (a request, a socket, a connection). If the
     * run has already ended (the timeout won the race), it is closed at once.
     */
    void hold(Runnable close) {
        closer.set(close);
        if (done()) {
            closeHeld();
        }
    }

    /** The held connection ended by itself: nothing to close any more. */
    void release() {
        closer.set(null);
    }

    void finish(HealthStatus status, String message) {
        finish(new ProbeResult(status, elapsedMillis(), message, null));
    }

    /** Ends the run with {@code r} (its details merged over those gathered), unless it has ended already. */
    void finish(ProbeResult r) {
        Map<String, String> all = new ConcurrentHashMap<>(details);
        all.putAll(r.details());
        all.replaceAll((k, v) -> scrub(v));
        if (result.tryComplete(new ProbeResult(r.status(), r.latencyMillis(), scrub(r.message()), all))) {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            closeHeld();
        }
    }

    void fail(Throwable failure) {
        finish(HealthStatus.DOWN, Failures.describe(failure));
    }

    private void timedOut() {
        Supplier<String> note = timeoutNote;
        String extra = note == null ? null : note.get();
        finish(HealthStatus.DOWN, "timed out after " + Durations.format(timeout) + (extra == null ? "" : ": " + extra));
    }

    private void closeHeld() {
        Runnable close = closer.getAndSet(null);
        if (close != null) {
            try {
                close.run();
            } catch (RuntimeException e) {
                // Closing something already broken: the verdict is made.
            }
        }
    }

    private String scrub(String text) {
        String out = text;
        for (String s : secrets) {
            if (s != null && !s.isEmpty() && out != null) {
                out = out.replace(s, "******");
            }
        }
        return out;
    }
}
