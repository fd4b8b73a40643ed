package io.vigil.alert.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import io.vigil.alert.config.RulesProducer.AlertFile;
import io.vigil.alert.dispatch.DispatchMetrics;
import io.vigil.alert.dispatch.Dispatcher;
import io.vigil.alert.dispatch.OutboxRelay;
import io.vigil.alert.dispatch.Routing;
import io.vigil.alert.dispatch.TransitionMessages;
import io.vigil.alert.health.PipelineHealth;
import io.vigil.alert.inhibit.Inhibitor;
import io.vigil.alert.silence.MaintenanceWindows;
import io.vigil.alert.silence.Silences;
import io.vigil.alert.store.DispatchStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Builds the plain-Java parts of telling people as beans: the dispatcher with its routing and the
 * muting sources (silences and maintenance windows are refreshed from the store by
 * {@link AdminSources}; inhibition rules come from the config file).
 */
@ApplicationScoped
public class AlertingBeans {

    /** The wall clock; a test may replace it to control time. */
    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Silences silences() {
        return new Silences();
    }

    @Produces
    @Singleton
    MaintenanceWindows maintenance(AlertFile file) {
        return new MaintenanceWindows(file.maintenance());
    }

    @Produces
    @Singleton
    Inhibitor inhibitor(AlertFile file) {
        return new Inhibitor(file.inhibit());
    }

    @Produces
    @Singleton
    Routing routing(AlertFile file, Clock clock) {
        return new Routing(file.routes(), file.alerting(), clock);
    }

    @Produces
    @Singleton
    Dispatcher dispatcher(DispatchStore store, Routing routing, RuleRegistry rules, Inhibitor inhibitor,
            Silences silences, MaintenanceWindows maintenance, TransitionMessages messages, Clock clock,
            PipelineHealth health, OutboxRelay relay, MeterRegistry registry) {
        return new Dispatcher(store, () -> routing, rules, () -> inhibitor, silences, maintenance, messages.source(),
                clock, health, relay::wake, new DispatchMetrics(registry));
    }
}
