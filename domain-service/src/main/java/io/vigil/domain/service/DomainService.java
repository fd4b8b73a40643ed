package io.vigil.domain.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vigil.config.ConfigException;
import io.vigil.config.DomainConfig;
import io.vigil.domain.config.DomainBeans.ProvisionedDomains;
import io.vigil.domain.config.DomainSettings;
import io.vigil.domain.store.DomainStore;
import io.vigil.domain.store.FindingStore;
import io.vigil.events.DomainFinding;
import io.vigil.support.rest.ConflictException;
import io.vigil.support.rest.NotFoundException;
import io.vigil.support.schedule.Scheduler;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The domains' life: at start, the file's domains and the stored API domains are registered and
 * scheduled (after the schema migration); the API adds, changes and deletes domains at run time,
 * each change stored first and then applied to the schedule. The file's domains are read-only here
 * (409): the file is their source of truth.
 */
@ApplicationScoped
public class DomainService {

    private final DomainRegistry registry;
    private final DomainStore domains;
    private final FindingStore findings;
    private final DomainRunner runner;
    private final ProvisionedDomains provisioned;
    private final DomainSettings settings;
    private final DomainMetrics metrics;
    private final Vertx vertx;
    private final Clock clock;
    private Scheduler<DomainConfig> scheduler;

    public DomainService(DomainRegistry registry, DomainStore domains, FindingStore findings, DomainRunner runner,
            ProvisionedDomains provisioned, DomainSettings settings, DomainMetrics metrics, Vertx vertx, Clock clock) {
        this.registry = registry;
        this.domains = domains;
        this.findings = findings;
        this.runner = runner;
        this.provisioned = provisioned;
        this.settings = settings;
        this.metrics = metrics;
        this.vertx = vertx;
        this.clock = clock;
    }

    // After store.SchemaMigration (priority 1): the tables exist.
    void start(@Observes @Priority(10) StartupEvent event) {
        scheduler = new Scheduler<>(vertx, DomainConfig::name, DomainConfig::interval,
                domain -> runner.run(domain).subscribeAsCompletionStage(), metrics, settings.maxInFlight());
        metrics.watch(scheduler, registry);
        runner.restore(findings.findings(null).await().atMost(Duration.ofMinutes(1)));
        for (DomainConfig domain : provisioned.domains()) {
            registry.put(new DomainRegistry.Entry(domain, DomainRegistry.Source.FILE, null, null, null));
        }
        for (DomainStore.StoredDomain stored : domains.all().await().atMost(Duration.ofMinutes(1))) {
            if (registry.get(stored.domain().name()).isPresent()) {
                Log.warnf("stored domain skipped name=%s: the config file defines a domain of that name",
                        stored.domain().name());
                continue;
            }
            registry.put(new DomainRegistry.Entry(stored.domain(), DomainRegistry.Source.API, stored.createdAt(),
                    stored.updatedAt(), stored.updatedBy()));
        }
        registry.all().forEach(e -> scheduler.schedule(e.domain()));
        Log.infof("domains scheduled count=%d file=%d api=%d", registry.size(), provisioned.domains().size(),
                registry.size() - provisioned.domains().size());
    }

    // Early (priority 1), so no new run starts while the Kafka channel closes.
    void stop(@Observes @Priority(1) ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.stop();
        }
    }

    /** Adds a domain through the API; 409 when any domain (file or API) has its name. */
    public Uni<DomainRegistry.Entry> create(DomainConfig domain, String actor) {
        if (isProvisioned(domain.name())) {
            return Uni.createFrom().failure(provisionedConflict(domain.name()));
        }
        return domains.insert(domain, actor, clock.instant()).chain(stored -> {
            if (stored.isEmpty()) {
                return Uni.createFrom().failure(new ConflictException("name", "a domain named '" + domain.name()
                        + "' exists"));
            }
            return Uni.createFrom().item(apply(stored.get()));
        });
    }

    /** Replaces an API domain; the path names it, and the body must keep that name. */
    public Uni<DomainRegistry.Entry> update(String name, DomainConfig domain, String actor) {
        if (!domain.name().equals(name)) {
            return Uni.createFrom().failure(ConfigException.at("name", "must be '" + name
                    + "' as in the path (rename by deleting and adding)"));
        }
        if (isProvisioned(name)) {
            return Uni.createFrom().failure(provisionedConflict(name));
        }
        // New labels: the old ones are told done first, so the stored change never outruns the removal.
        Uni<Void> told = registry.get(name)
                .filter(old -> !old.domain().labels().equals(domain.labels()))
                .map(old -> runner.removed(old.domain())).orElse(Uni.createFrom().voidItem());
        return told.chain(() -> domains.update(domain, actor, clock.instant())).chain(stored -> stored.isEmpty()
                ? Uni.createFrom().failure(notFound(name))
                : Uni.createFrom().item(apply(stored.get())));
    }

    /** Deletes an API domain with its findings and certificates. */
    public Uni<Void> delete(String name) {
        if (isProvisioned(name)) {
            return Uni.createFrom().failure(provisionedConflict(name));
        }
        // The removals are on Kafka before the row goes: a kill in between leaves the domain (it runs again
        // after a restart), never an alert nobody will resolve.
        Uni<Void> told = registry.get(name).map(old -> runner.removed(old.domain())).orElse(Uni.createFrom().voidItem());
        return told.chain(() -> domains.delete(name)).chain(deleted -> {
            if (!deleted) {
                return Uni.createFrom().failure(notFound(name));
            }
            registry.remove(name);
            scheduler.cancel(name);
            runner.forget(name);
            metrics.forget(name);
            Log.infof("domain deleted name=%s", name);
            return Uni.createFrom().voidItem();
        });
    }

    /** Runs a domain now, outside its schedule; the findings are published and kept like any others. */
    public Uni<List<DomainFinding>> runNow(String name) {
        return runner.run(get(name).domain());
    }

    /** Every domain, by name. */
    public List<DomainRegistry.Entry> all() {
        return registry.all();
    }

    /** One domain. */
    public DomainRegistry.Entry get(String name) {
        return registry.get(name).orElseThrow(() -> notFound(name));
    }

    /** The latest findings of one domain (404 when unknown), or of all when {@code name} is null. */
    public Uni<List<FindingStore.StoredFinding>> findings(String name) {
        if (name != null) {
            get(name);
        }
        return findings.findings(name);
    }

    /** The certificate inventory, soonest expiry first; one domain's when {@code name} is not null. */
    public Uni<List<FindingStore.StoredCertificate>> certificates(String name) {
        if (name != null) {
            get(name);
        }
        return findings.certificates(name);
    }

    private DomainRegistry.Entry apply(DomainStore.StoredDomain stored) {
        DomainRegistry.Entry entry = new DomainRegistry.Entry(stored.domain(), DomainRegistry.Source.API,
                stored.createdAt(), stored.updatedAt(), stored.updatedBy());
        registry.put(entry);
        scheduler.schedule(stored.domain());
        Log.infof("domain saved name=%s by=%s", stored.domain().name(), stored.updatedBy());
        return entry;
    }

    private boolean isProvisioned(String name) {
        return registry.get(name).filter(e -> e.source() == DomainRegistry.Source.FILE).isPresent();
    }

    private static ConflictException provisionedConflict(String name) {
        return new ConflictException("name", "domain '" + name
                + "' is provisioned from the config file and read-only here; change it in the file");
    }

    static NotFoundException notFound(String name) {
        return new NotFoundException("name", "no domain named '" + name + "'");
    }
}
