package io.vigil.alert.live;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import io.vigil.alert.config.AlertSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.Config;

/**
 * Hears every alert change of every alert-service instance: a trigger on {@code alert.alerts}
 * (migration V7) NOTIFYs {@link #CHANNEL} with the alert's id, and this bean LISTENs on a
 * connection of its own ({@link PgSubscriber}, reconnecting for ever). Ids arriving within
 * {@link #COALESCE} are read in one query, so a burst of transitions costs one round trip.
 *
 * <p>Notifications sent while the LISTEN connection is down are lost; each time it is (re)made
 * every connection gets a fresh snapshot instead, which holds whatever was missed.
 */
@ApplicationScoped
public class AlertChanges {

    public static final String CHANNEL = "vigil_alert_changes";
    static final Duration COALESCE = Duration.ofMillis(50);
    /** The LISTEN connection's application_name in pg_stat_activity. */
    public static final String APPLICATION_NAME = "vigil-alert-live";

    private final Vertx vertx;
    private final LiveAlerts alerts;
    private final AlertSettings settings;
    private final Config config;
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushPlanned = new AtomicBoolean();
    private volatile PgSubscriber subscriber;
    private volatile boolean stopped;

    public AlertChanges(Vertx vertx, LiveAlerts alerts, AlertSettings settings, Config config) {
        this.vertx = vertx;
        this.alerts = alerts;
        this.settings = settings;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        PgSubscriber s = PgSubscriber.subscriber(vertx, connectOptions());
        long maxBackoff = settings.maxBackoff().toMillis();
        // Never gives up: the delay doubles from 250 ms to alert.max-backoff.
        s.reconnectPolicy(retries -> {
            if (retries == 0) {
                Log.warn("live LISTEN connection lost: reconnecting, a snapshot follows when it is back");
            }
            return Math.min(maxBackoff, 250L << Math.min(retries, 10));
        });
        s.channel(CHANNEL)
                .handler(this::notified)
                .subscribeHandler(() -> {
                    Log.infof("live LISTEN established channel=%s", CHANNEL);
                    alerts.snapshotToAll("reconnect");
                });
        subscriber = s;
        // The reconnect policy covers a lost connection; the first one is retried here.
        s.connect().onFailure().invoke(e -> Log.warnf("live LISTEN not connected yet: %s", e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(250), settings.maxBackoff()).indefinitely()
                .subscribe().with(ok -> { }, e -> Log.errorf(e, "live LISTEN gave up"));
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        PgSubscriber s = subscriber;
        if (s != null) {
            s.closeAndForget();
        }
    }

    private void notified(String payload) {
        UUID id;
        try {
            id = UUID.fromString(payload.trim());
        } catch (IllegalArgumentException e) {
            Log.debugf("live notification ignored payload=%s", payload);
            return;
        }
        pending.add(id);
        if (flushPlanned.compareAndSet(false, true)) {
            vertx.setTimer(COALESCE.toMillis(), t -> flush());
        }
    }

    private void flush() {
        flushPlanned.set(false);
        List<UUID> ids = new ArrayList<>(pending);
        pending.removeAll(ids);
        if (!ids.isEmpty()) {
            alerts.changed(ids);
        }
    }

    /** The reactive datasource's server and credentials, for a connection outside the pool (LISTEN holds it). */
    private PgConnectOptions connectOptions() {
        String url = config.getValue("quarkus.datasource.reactive.url", String.class).split(",")[0].trim();
        if (url.startsWith("vertx-reactive:")) {
            url = url.substring("vertx-reactive:".length());
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        // Its own metrics name (the pool's, the default, is registered already) and a name that
        // tells it apart in pg_stat_activity.
        options.setMetricsName(APPLICATION_NAME);
        Map<String, String> properties = new HashMap<>(options.getProperties());
        properties.put("application_name", APPLICATION_NAME);
        options.setProperties(properties);
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        return options;
    }
}
