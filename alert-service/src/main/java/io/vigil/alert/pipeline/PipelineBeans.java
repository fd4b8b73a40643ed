package io.vigil.alert.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.vigil.alert.config.AlertSettings;
import io.vigil.alert.dispatch.Dispatcher;
import io.vigil.alert.dispatch.OutboxRelay;
import io.vigil.alert.dispatch.TransitionMessages;
import io.vigil.alert.health.PipelineHealth;
import io.vigil.alert.live.LiveFeed;
import io.vigil.alert.rollup.RollupQueue;
import io.vigil.alert.rule.StreamRules;
import io.vigil.alert.service.RuleRegistry;
import io.vigil.alert.store.AlertStore;
import io.vigil.events.EventSource;
import io.vigil.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Builds the plain-Java pipeline parts as beans, one pipeline per consumed topic, each under its
 * topic as {@link Identifier}; the Kafka side lives in {@code messaging}.
 */
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
    @Identifier(Topics.METRICS)
    Partitions metricsPartitions() {
        return new Partitions();
    }

    @Produces
    @Singleton
    @Identifier(Topics.HEALTH_RESULTS)
    Partitions healthPartitions() {
        return new Partitions();
    }

    @Produces
    @Singleton
    @Identifier(Topics.DOMAIN_FINDINGS)
    Partitions domainPartitions() {
        return new Partitions();
    }

    @Produces
    @Singleton
    TransitionMessages messages() {
        return new TransitionMessages(new EventSource("alert-service", localHost()));
    }

    /** The {@code metrics} pipeline; also registers the tracked-series gauge over every pipeline's partitions. */
    @Produces
    @Singleton
    @Identifier(Topics.METRICS)
    AlertPipeline metricsPipeline(@Identifier(Topics.METRICS) Partitions partitions,
            @Identifier(Topics.HEALTH_RESULTS) Partitions healthPartitions,
            @Identifier(Topics.DOMAIN_FINDINGS) Partitions domainPartitions, RuleRegistry rules, AlertStore store,
            TransitionMessages messages, DeadLetterSink deadLetters, OutboxRelay relay, Dispatcher dispatcher,
            PipelineHealth health, AlertSettings settings, @Named("owner") String owner, Clock clock,
            MeterRegistry registry, RollupQueue rollups, LiveFeed live) {
        PipelineMetrics.trackSeries(registry, List.of(partitions, healthPartitions, domainPartitions));
        return new AlertPipeline(Topics.METRICS, EventFormat.metrics(), new StreamRules(rules, Topics.METRICS), store,
                partitions, messages, deadLetters, relay, dispatcher::wake, health,
                new PipelineMetrics(registry, PipelineMetrics.METRIC_BATCHES), settings, owner, clock, rollups, live);
    }

    /** The {@code health-results} pipeline: health rules and the built-in check-down only. */
    @Produces
    @Singleton
    @Identifier(Topics.HEALTH_RESULTS)
    AlertPipeline healthPipeline(@Identifier(Topics.HEALTH_RESULTS) Partitions partitions, RuleRegistry rules,
            AlertStore store, TransitionMessages messages, DeadLetterSink deadLetters, OutboxRelay relay,
            Dispatcher dispatcher, PipelineHealth health, AlertSettings settings, @Named("owner") String owner,
            Clock clock, MeterRegistry registry) {
        return new AlertPipeline(Topics.HEALTH_RESULTS, EventFormat.healthResults(),
                new StreamRules(rules, Topics.HEALTH_RESULTS), store, partitions, messages, deadLetters, relay,
                dispatcher::wake, health, new PipelineMetrics(registry, PipelineMetrics.HEALTH_RESULTS), settings, owner,
                clock, null, null);
    }

    /** The {@code domain-findings} pipeline: domain rules and the built-in domain-problem only. */
    @Produces
    @Singleton
    @Identifier(Topics.DOMAIN_FINDINGS)
    AlertPipeline domainPipeline(@Identifier(Topics.DOMAIN_FINDINGS) Partitions partitions, RuleRegistry rules,
            AlertStore store, TransitionMessages messages, DeadLetterSink deadLetters, OutboxRelay relay,
            Dispatcher dispatcher, PipelineHealth health, AlertSettings settings, @Named("owner") String owner,
            Clock clock, MeterRegistry registry) {
        return new AlertPipeline(Topics.DOMAIN_FINDINGS, EventFormat.domainFindings(),
                new StreamRules(rules, Topics.DOMAIN_FINDINGS), store, partitions, messages, deadLetters, relay,
                dispatcher::wake, health, new PipelineMetrics(registry, PipelineMetrics.DOMAIN_FINDINGS), settings,
                owner, clock, null, null);
    }

    /** The hand-off from the metrics pipeline to the rollup writer ({@code service.RollupWriter}). */
    @Produces
    @Singleton
    RollupQueue rollupQueue(AlertSettings settings, MeterRegistry registry) {
        return new RollupQueue(settings.rollupQueueSize(), registry);
    }

    static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
