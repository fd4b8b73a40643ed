package io.vigil.health.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.config.CheckConfig;
import io.vigil.config.HeartbeatCheck;
import io.vigil.events.EventSource;
import io.vigil.events.HealthResult;
import io.vigil.events.HealthStatus;
import io.vigil.events.Severity;
import io.vigil.health.messaging.ResultPublisher;
import io.vigil.support.messaging.KeyedPublisher;
import io.vigil.health.probe.ProbeResult;
import io.vigil.health.probe.Probes;
import io.vigil.health.store.ResultStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;

/**
 * One run of one check, end to end: probe (again, up to {@code retries} times, while it is DOWN),
 * stamp the result with the check's labels, publish it on {@code health-results}, keep it in the
 * recent history, count it. Push checks are not probed: their verdict comes from what they last
 * reported ({@link PushChecks}), and a check still inside its first period has no verdict yet.
 */
@ApplicationScoped
public class CheckRunner {

    static final String SERVICE = "health-service";
    /** How long a delete or relabel waits for Kafka to take the removal. */
    static final Duration REMOVAL_WAIT = Duration.ofSeconds(10);

    private final Probes probes;
    private final PushChecks push;
    private final ResultPublisher publisher;
    private final ResultStore store;
    private final HealthMetrics metrics;
    private final Clock clock;
    private final EventSource source;
    private final java.util.Map<String, HealthResult> last = new java.util.concurrent.ConcurrentHashMap<>();

    public CheckRunner(Probes probes, PushChecks push, ResultPublisher publisher, ResultStore store,
            HealthMetrics metrics, Clock clock) {
        this.probes = probes;
        this.push = push;
        this.publisher = publisher;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
        this.source = new EventSource(SERVICE, localHost());
    }

    /** Runs the check; the result as published, or null when a push check has no verdict yet. */
    public Uni<HealthResult> run(CheckConfig check) {
        if (check.kind() instanceof HeartbeatCheck) {
            return push.verdict(check).map(v -> v.map(r -> record(check, r)).orElse(null));
        }
        return attempt(check, check.retries()).map(r -> record(check, r));
    }

    /** Publishes and keeps a verdict reached outside the schedule (a heartbeat call, a backup report). */
    public HealthResult record(CheckConfig check, ProbeResult result) {
        Severity severity = check.severity() == null ? null : Severity.parse(check.severity());
        HealthResult published = HealthResult.of(source, check.name(), check.type(), clock.instant(), result.status(),
                result.latencyMillis(), result.message(), ResultLabels.of(check), result.details(), severity);
        last.put(check.name(), published);
        publisher.publish(published, metrics::published);
        store.add(published);
        metrics.result(check.type(), result.status(), result.latencyMillis());
        if (result.status() != HealthStatus.UP) {
            Log.debugf("check %s check=%s latency_ms=%d message=%s", result.status().label(), check.name(),
                    result.latencyMillis(), result.message());
        }
        return published;
    }

    /**
     * Tells the alert-service that the check's labels are done with (deleted, or relabelled), so an
     * alert they have open resolves now instead of when the silent check is forgotten. Completes
     * once Kafka acknowledged it, so the caller changes the stored check only after it is safe on the
     * topic; with the broker away it gives up after {@link #REMOVAL_WAIT} and says so in the log.
     */
    public Uni<Void> removed(CheckConfig check) {
        HealthResult removal = HealthResult.removal(source, check.name(), check.type(), clock.instant(),
                ResultLabels.of(check));
        return publisher.publishAndWait(removal)
                .ifNoItem().after(REMOVAL_WAIT).recoverWithItem(KeyedPublisher.Outcome.FAILED)
                .invoke(outcome -> {
                    metrics.published(outcome);
                    if (outcome == KeyedPublisher.Outcome.SENT) {
                        Log.infof("check removal published check=%s", check.name());
                    } else {
                        Log.warnf("check removal not published check=%s outcome=%s: an alert of its old labels stays"
                                + " open until the alert-service forgets the silent check", check.name(), outcome);
                    }
                })
                .replaceWithVoid();
    }

    /** The latest result of a check since this process started, or null. */
    public HealthResult last(String check) {
        return last.get(check);
    }

    /** Forgets a deleted check's latest result. */
    public void forget(String check) {
        last.remove(check);
    }

    private Uni<ProbeResult> attempt(CheckConfig check, int retriesLeft) {
        return probes.run(check).chain(r -> {
            if (r.status() != HealthStatus.DOWN || retriesLeft <= 0) {
                return Uni.createFrom().item(r);
            }
            // A short pause, so a retry does not hit the very same blip (a restarting server, a dropped SYN).
            Duration pause = check.interval().dividedBy(10).compareTo(Duration.ofSeconds(1)) < 0
                    ? check.interval().dividedBy(10) : Duration.ofSeconds(1);
            return Uni.createFrom().voidItem().onItem().delayIt().by(pause)
                    .chain(() -> attempt(check, retriesLeft - 1));
        });
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
