package io.vigil.alert.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vigil.alert.config.AlertSettings;
import io.vigil.alert.dispatch.Dispatcher;
import io.vigil.alert.dispatch.OutboxRelay;
import io.smallrye.common.annotation.Identifier;
import io.vigil.alert.pipeline.AlertPipeline;
import io.vigil.alert.store.AlertStore;
import io.vigil.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Timers that keep the service's storage bounded and its outbox moving: the relay is woken at
 * start (rows a crashed run left) and every {@code alert.relay-interval}; the dispatcher every
 * {@code alert.dispatch-interval} (groups fall due by time); each pipeline's tick every
 * {@code alert.tick-interval} (absence, flapping, rule changes); resolved alerts older than
 * {@code alert.retention} are deleted with their history, in small batches.
 */
@ApplicationScoped
public class Housekeeping {

    /** Rows per delete statement: short transactions, short locks. */
    static final int DELETE_BATCH = 1000;

    private final Vertx vertx;
    private final OutboxRelay relay;
    private final List<AlertPipeline> pipelines;
    private final Dispatcher dispatcher;
    private final AlertStore store;
    private final AlertSettings settings;
    private long relayTimer = -1;
    private long retentionTimer = -1;
    private long tickTimer = -1;
    private long dispatchTimer = -1;

    public Housekeeping(Vertx vertx, OutboxRelay relay, @Identifier(Topics.METRICS) AlertPipeline metrics,
            @Identifier(Topics.HEALTH_RESULTS) AlertPipeline health,
            @Identifier(Topics.DOMAIN_FINDINGS) AlertPipeline domains, Dispatcher dispatcher, AlertStore store,
            AlertSettings settings) {
        this.vertx = vertx;
        this.relay = relay;
        this.pipelines = List.of(metrics, health, domains);
        this.dispatcher = dispatcher;
        this.store = store;
        this.settings = settings;
    }

    void start(@Observes StartupEvent event) {
        relay.wake();
        relayTimer = vertx.setPeriodic(settings.relayInterval().toMillis(), id -> relay.wake());
        dispatcher.wake();
        dispatchTimer = vertx.setPeriodic(settings.dispatchInterval().toMillis(), id -> dispatcher.wake());
        tickTimer = vertx.setPeriodic(settings.tickInterval().toMillis(), id -> {
            for (AlertPipeline pipeline : pipelines) {
                pipeline.tick().subscribe().with(
                        done -> { },
                        e -> Log.warnf("tick of %s failed, the next one retries: %s", pipeline.topic(), e.getMessage()));
            }
        });
        retentionTimer = vertx.setPeriodic(Duration.ofMinutes(1).toMillis(), settings.retentionInterval().toMillis(),
                id -> deleteExpired().subscribe().with(
                        n -> { },
                        e -> Log.warnf("retention clean-up failed, next run retries: %s", e.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(relayTimer);
        vertx.cancelTimer(retentionTimer);
        vertx.cancelTimer(tickTimer);
        vertx.cancelTimer(dispatchTimer);
    }

    /** Deletes every resolved alert past the retention, batch by batch; the total deleted. */
    public Uni<Integer> deleteExpired() {
        Instant cutoff = Instant.now().minus(settings.retention());
        return deleteFrom(cutoff, 0).invoke(total -> {
            if (total > 0) {
                Log.infof("retention deleted resolved alerts=%d resolved_before=%s", total, cutoff);
            }
        });
    }

    private Uni<Integer> deleteFrom(Instant cutoff, int sofar) {
        return store.deleteResolvedBefore(cutoff, DELETE_BATCH)
                .chain(n -> n == DELETE_BATCH ? deleteFrom(cutoff, sofar + n) : Uni.createFrom().item(sofar + n));
    }
}
