package io.vigil.notifier.store;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vigil.notifier.config.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Deletes delivery-log rows finished longer ago than {@code notifier.retention}, every
 * {@code notifier.retention-interval}, in batches of {@code notifier.retention-batch} rows per
 * statement so that the table is never locked for long. A Vert.x timer: no scheduler dependency.
 */
@ApplicationScoped
public class Retention {

    private final Vertx vertx;
    private final DeliveryLog log;
    private final Duration retention;
    private final Duration interval;
    private final int batch;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long timer = -1;

    public Retention(Vertx vertx, DeliveryLog log, NotifierConfig config) {
        this.vertx = vertx;
        this.log = log;
        this.retention = config.retention();
        this.interval = config.retentionInterval();
        this.batch = config.retentionBatch();
        if (batch < 1) {
            throw new IllegalArgumentException("notifier.retention-batch must be at least 1: " + batch);
        }
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Math.max(1, interval.toMillis()), id -> runOnce());
        Log.infof("delivery log retention=%s interval=%s batch=%d", retention, interval, batch);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One clean-up pass; skipped when the previous one is still running (a slow database). */
    void runOnce() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        purge(0).subscribe().with(
                deleted -> {
                    running.set(false);
                    if (deleted > 0) {
                        Log.infof("delivery log purged rows=%d older_than=%s", deleted, retention);
                    }
                },
                failure -> {
                    running.set(false);
                    Log.warnf("delivery log purge failed cause=%s (tried again in %s)", failure.toString(), interval);
                });
    }

    private Uni<Integer> purge(int soFar) {
        return log.purgeFinishedBefore(retention, batch)
                .chain(deleted -> deleted < batch ? Uni.createFrom().item(soFar + deleted) : purge(soFar + deleted));
    }
}
