package io.vigil.notifier.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vigil.notifier.config.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The notifier's clockwork, on Vert.x timers (no scheduler dependency): every {@code notifier.tick}
 * it releases posts whose mute window closed ({@link Holds}) and sends escalation steps whose time
 * came ({@link Escalations}). A round still running when the next tick comes is not started twice.
 */
@ApplicationScoped
public class Workers {

    private final Vertx vertx;
    private final Holds holds;
    private final Escalations escalations;
    private final ChannelWatch channels;
    private final NotifierConfig config;
    private final AtomicBoolean releasing = new AtomicBoolean();
    private final AtomicBoolean escalating = new AtomicBoolean();
    private volatile long timer = -1;

    public Workers(Vertx vertx, Holds holds, Escalations escalations, ChannelWatch channels, NotifierConfig config) {
        this.vertx = vertx;
        this.holds = holds;
        this.escalations = escalations;
        this.channels = channels;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        channels.load().subscribe().with(done -> Log.infof("failing destinations loaded count=%d",
                channels.failingKeys().size()), failure -> Log.warnf("failing destinations not loaded: %s", failure));
        timer = vertx.setPeriodic(Math.max(50, config.tick().toMillis()), id -> {
            once(releasing, "release", holds::releaseDue);
            once(escalating, "escalate", escalations::sendDue);
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private static void once(AtomicBoolean running, String what, Supplier<Uni<Integer>> round) {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Uni<Integer> work;
        try {
            work = round.get();
        } catch (RuntimeException e) {
            running.set(false);
            Log.warnf(e, "%s round failed", what);
            return;
        }
        work.subscribe().with(count -> {
            running.set(false);
            if (count > 0) {
                Log.debugf("%s round queued=%d", what, count);
            }
        }, failure -> {
            running.set(false);
            Log.warnf("%s round failed cause=%s (tried again next tick)", what, failure.toString());
        });
    }
}
