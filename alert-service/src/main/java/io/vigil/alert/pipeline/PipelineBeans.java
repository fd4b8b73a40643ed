package io.vigil.alert.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.alert.config.AlertSettings;
import io.vigil.alert.dispatch.Dispatcher;
import io.vigil.alert.service.RuleRegistry;
import java.time.Clock;
import io.vigil.alert.dispatch.OutboxRelay;
import io.vigil.alert.dispatch.TransitionMessages;
import io.vigil.alert.health.PipelineHealth;
import io.vigil.alert.store.AlertStore;
import io.vigil.events.EventSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** Builds the plain-Java pipeline parts as beans; the Kafka side lives in {@code messaging}. */
@ApplicationScoped
public class PipelineBeans {

    /** The name this process claims partitions under: host, pid and a random part (a restart is a new owner). */
    @Produces
    @Singleton
    @Named("owner")
    String owner() {
        return localHost() + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Produces
    @Singleton
    Partitions partitions() {
        return new Partitions();
    }

    @Produces
    @Singleton
    PipelineMetrics metrics(MeterRegistry registry, Partitions partitions) {
        return new PipelineMetrics(registry, partitions);
    }

    @Produces
    @Singleton
    TransitionMessages messages() {
        return new TransitionMessages(new EventSource("alert-service", localHost()));
    }

    @Produces
    @Singleton
    MetricsPipeline pipeline(RuleRegistry rules, AlertStore store, Partitions partitions, TransitionMessages messages,
            DeadLetterSink deadLetters, OutboxRelay relay, Dispatcher dispatcher, PipelineHealth health,
            PipelineMetrics metrics, AlertSettings settings, @Named("owner") String owner, Clock clock) {
        return new MetricsPipeline(rules, store, partitions, messages, deadLetters, relay, dispatcher::wake, health,
                metrics, settings, owner, clock);
    }

    static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
