package io.vigil.alert.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** alert-service settings (env {@code ALERT_*}); rules themselves live in the Vigil config file. */
@ConfigMapping(prefix = "alert")
public interface AlertSettings {

    /**
     * Samples older than this (by their batch's time, against this service's clock) are counted and
     * skipped: a consumer group that lost its offsets must not replay a week of history as alerts.
     */
    @WithDefault("15m")
    Duration maxSampleAge();

    /** Resolved alerts and their history are deleted this long after they resolved. */
    @WithDefault("90d")
    Duration retention();

    /** How often the retention clean-up runs (first run one minute after start). */
    @WithDefault("1h")
    Duration retentionInterval();

    /** How often the outbox relay looks for rows to publish besides being woken after each batch. */
    @WithDefault("1s")
    Duration relayInterval();

    /** The longest wait between two tries of a failing PostgreSQL or Kafka operation (they retry for ever). */
    @WithDefault("10s")
    Duration maxBackoff();

    /**
     * A batch in progress for longer than this, with no failing dependency to explain it, means the
     * consumer is stuck: liveness goes DOWN so that an orchestrator restarts the service.
     */
    @WithDefault("5m")
    Duration stuckAfter();

    /**
     * How often wall-clock rules are checked: absence (a host that stopped sending), flapping
     * series that became stable, rule changes made through the API by another instance.
     */
    @WithDefault("1s")
    Duration tickInterval();

    /** An absence rule forgets a series (and resolves its alert) after this long without data. */
    @WithDefault("7d")
    Duration absenceForgetAfter();

    /** How often the dispatcher looks for changes to tell and groups due to post, besides being woken. */
    @WithDefault("250ms")
    Duration dispatchInterval();

    /** How often rules, silences and maintenance windows stored through the API are re-read (other instances' edits). */
    @WithDefault("10s")
    Duration adminRefresh();

    /**
     * Metric batches (one per host per tick) that may wait for the rollup writer; when it falls
     * this far behind, further samples are counted as dropped instead of slowing evaluation. The
     * writer takes batches as they arrive but not while it writes (a write of 50,000 series-minutes
     * took 1 to 3 s in the throughput bench), so the default holds 5 s of a 1,000-host fleet's ticks.
     */
    @WithDefault("5000")
    int rollupQueueSize();

    /** How often the gathered 1-minute rollups (open minutes included) are written, as one batch of upserts. */
    @WithDefault("10s")
    Duration rollupFlushInterval();

    /**
     * Rollup rows (series × minute) held while PostgreSQL refuses them; beyond this the writer stops
     * taking batches, the queue fills and samples are counted as dropped.
     */
    @WithDefault("200000")
    int rollupMaxPending();

    /** How often rollup partitions past {@code history.retention} (config file) are dropped and the next days' created. */
    @WithDefault("1h")
    Duration rollupRetentionInterval();

    /**
     * The health-service's base URL (env {@code ALERT_HEALTH_URL}, e.g. {@code http://health-service:8080}):
     * the dashboard's Checks page reads it through {@code /api/sources/health}, so the browser talks
     * to one origin. Unset: those paths answer 404.
     */
    Optional<String> healthUrl();

    /** The domain-service's base URL (env {@code ALERT_DOMAIN_URL}), read through {@code /api/sources/domains}; unset: 404. */
    Optional<String> domainUrl();

    /**
     * The OIDC client the dashboard logs in with (env {@code ALERT_DASHBOARD_CLIENT_ID}); with
     * {@code quarkus.oidc.auth-server-url} set too, {@code /api/dashboard/config} tells the browser
     * to log in there, else to ask for a token.
     */
    Optional<String> dashboardClientId();
}
