package io.vigil.health.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vigil.config.CheckConfig;
import io.vigil.config.HeartbeatCheck;
import io.vigil.health.config.HealthBeans.ProvisionedChecks;
import io.vigil.health.config.HealthSettings;
import io.vigil.support.schedule.Scheduler;
import io.vigil.health.store.CheckStore;
import io.vigil.health.store.ResultStore;
import io.vigil.health.store.StoredResult;
import io.vigil.support.rest.ConflictException;
import io.vigil.support.rest.NotFoundException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The checks' life: at start, the file's checks and the stored API checks are registered and
 * scheduled (after the schema migration); the API adds, changes and deletes checks at run time,
 * each change stored first and then applied to the schedule. The file's checks are read-only here
 * (409): the file is their source of truth.
 */
@ApplicationScoped
public class CheckService {

    private final CheckRegistry registry;
    private final CheckStore checks;
    private final ResultStore results;
    private final CheckRunner runner;
    private final PushChecks push;
    private final ProvisionedChecks provisioned;
    private final HealthSettings settings;
    private final HealthMetrics metrics;
    private final Vertx vertx;
    private final Clock clock;
    private Scheduler<CheckConfig> scheduler;
    private long flushTimer = -1;

    public CheckService(CheckRegistry registry, CheckStore checks, ResultStore results, CheckRunner runner,
            PushChecks push, ProvisionedChecks provisioned, HealthSettings settings, HealthMetrics metrics, Vertx vertx,
            Clock clock) {
        this.registry = registry;
        this.checks = checks;
        this.results = results;
        this.runner = runner;
        this.push = push;
        this.provisioned = provisioned;
        this.settings = settings;
        this.metrics = metrics;
        this.vertx = vertx;
        this.clock = clock;
    }

    // After store.SchemaMigration (priority 1): the tables exist.
    void start(@Observes @Priority(10) StartupEvent event) {
        scheduler = new Scheduler<>(vertx, CheckConfig::name, CheckConfig::interval,
                check -> runner.run(check).subscribeAsCompletionStage(), metrics,
                settings.maxInFlight());
        metrics.watch(scheduler, results);
        results.loadSequences().await().atMost(Duration.ofMinutes(1));
        for (CheckConfig check : provisioned.checks()) {
            registry.put(new CheckRegistry.Entry(check, CheckRegistry.Source.FILE, null, null, null));
        }
        for (CheckStore.StoredCheck stored : checks.all().await().atMost(Duration.ofMinutes(1))) {
            if (registry.get(stored.check().name()).isPresent()) {
                Log.warnf("stored check skipped name=%s: the config file defines a check of that name",
                        stored.check().name());
                continue;
            }
            registry.put(new CheckRegistry.Entry(stored.check(), CheckRegistry.Source.API, stored.createdAt(),
                    stored.updatedAt(), stored.updatedBy()));
        }
        push.start(registry.all().stream().map(CheckRegistry.Entry::check).filter(CheckService::isPush).toList())
                .await().atMost(Duration.ofMinutes(1));
        registry.all().forEach(e -> scheduler.schedule(e.check()));
        long every = Math.max(10, settings.flushInterval().toMillis());
        flushTimer = vertx.setPeriodic(every, id -> results.flush().subscribe().with(v -> { }, e -> { }));
        Log.infof("checks scheduled count=%d file=%d api=%d", registry.size(), provisioned.checks().size(),
                registry.size() - provisioned.checks().size());
    }

    // Early (priority 1), so no new run starts while the Kafka channel closes.
    void stop(@Observes @Priority(1) ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.stop();
        }
        if (flushTimer >= 0) {
            vertx.cancelTimer(flushTimer);
        }
        // What is still queued is written once more; a slow database must not hold the shutdown up for long.
        results.flush().await().atMost(Duration.ofSeconds(5));
    }

    /** Adds a check through the API; 409 when any check (file or API) has its name. */
    public Uni<CheckRegistry.Entry> create(CheckConfig check, String actor) {
        if (isProvisioned(check.name())) {
            return Uni.createFrom().failure(provisionedConflict(check.name()));
        }
        return checks.insert(check, actor, clock.instant()).chain(stored -> {
            if (stored.isEmpty()) {
                return Uni.createFrom().failure(new ConflictException("name", "a check named '" + check.name()
                        + "' exists"));
            }
            return apply(stored.get());
        });
    }

    /** Replaces an API check; the path names it, and the body must keep that name. */
    public Uni<CheckRegistry.Entry> update(String name, CheckConfig check, String actor) {
        if (!check.name().equals(name)) {
            return Uni.createFrom().failure(io.vigil.config.ConfigException.at("name", "must be '" + name
                    + "' as in the path (rename by deleting and adding)"));
        }
        if (isProvisioned(name)) {
            return Uni.createFrom().failure(provisionedConflict(name));
        }
        // New labels: the old ones are told done first, so the stored change never outruns the removal.
        Uni<Void> told = registry.get(name)
                .filter(old -> !ResultLabels.of(old.check()).equals(ResultLabels.of(check)))
                .map(old -> runner.removed(old.check())).orElse(Uni.createFrom().voidItem());
        return told.chain(() -> checks.update(check, actor, clock.instant())).chain(stored -> stored.isEmpty()
                ? Uni.createFrom().failure(notFound(name))
                : apply(stored.get()));
    }

    /** Deletes an API check with its history. */
    public Uni<Void> delete(String name) {
        if (isProvisioned(name)) {
            return Uni.createFrom().failure(provisionedConflict(name));
        }
        // The removal is on Kafka before the row goes: a kill in between leaves the check (it runs again
        // after a restart), never an alert nobody will resolve.
        Uni<Void> told = registry.get(name).map(old -> runner.removed(old.check())).orElse(Uni.createFrom().voidItem());
        return told.chain(() -> checks.delete(name)).chain(deleted -> {
            if (!deleted) {
                return Uni.createFrom().failure(notFound(name));
            }
            registry.remove(name);
            scheduler.cancel(name);
            runner.forget(name);
            return results.delete(name).chain(() -> push.forget(name));
        });
    }

    /** Runs a check now, outside its schedule; the result is published and kept like any other. */
    public Uni<io.vigil.events.HealthResult> runNow(String name) {
        CheckRegistry.Entry entry = registry.get(name).orElseThrow(() -> notFound(name));
        return runner.run(entry.check());
    }

    /** Every check with its latest result, by name. */
    public List<CheckRegistry.Entry> all() {
        return registry.all();
    }

    /** One check. */
    public CheckRegistry.Entry get(String name) {
        return registry.get(name).orElseThrow(() -> notFound(name));
    }

    /** The latest result of a check since start, or null. */
    public io.vigil.events.HealthResult last(String name) {
        return runner.last(name);
    }

    /** The push token of a heartbeat or duplicati check; 404 for other checks. */
    public String heartbeatToken(String name) {
        CheckRegistry.Entry entry = get(name);
        String token = isPush(entry.check()) ? push.token(name) : null;
        if (token == null) {
            throw new NotFoundException("name", "check '" + name + "' is not a heartbeat or duplicati check");
        }
        return token;
    }

    /** The latest results of a check, newest first. */
    public Uni<List<StoredResult>> results(String name, int limit) {
        registry.get(name).orElseThrow(() -> notFound(name));
        return results.recent(name, limit);
    }

    private Uni<CheckRegistry.Entry> apply(CheckStore.StoredCheck stored) {
        CheckRegistry.Entry entry = new CheckRegistry.Entry(stored.check(), CheckRegistry.Source.API,
                stored.createdAt(), stored.updatedAt(), stored.updatedBy());
        // A check that stopped being a push check loses its token: its old URL must stop working.
        Uni<Void> ready = isPush(stored.check()) ? push.start(List.of(stored.check()))
                : push.token(stored.check().name()) != null ? push.forget(stored.check().name())
                : Uni.createFrom().voidItem();
        return ready.map(v -> {
            registry.put(entry);
            scheduler.schedule(stored.check());
            Log.infof("check saved name=%s type=%s by=%s", stored.check().name(), stored.check().type(),
                    stored.updatedBy());
            return entry;
        });
    }

    private boolean isProvisioned(String name) {
        return registry.get(name).filter(e -> e.source() == CheckRegistry.Source.FILE).isPresent();
    }

    private static ConflictException provisionedConflict(String name) {
        return new ConflictException("name", "check '" + name
                + "' is provisioned from the config file and read-only here; change it in the file");
    }

    static NotFoundException notFound(String name) {
        return new NotFoundException("name", "no check named '" + name + "'");
    }

    static boolean isPush(CheckConfig check) {
        return check.kind() instanceof HeartbeatCheck;
    }
}
