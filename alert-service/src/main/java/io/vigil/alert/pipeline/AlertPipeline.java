package io.vigil.alert.pipeline;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.config.AlertSettings;
import io.vigil.alert.dispatch.OutboxRelay;
import io.vigil.alert.dispatch.TransitionMessages;
import io.vigil.alert.health.PipelineHealth;
import io.vigil.alert.live.LiveFeed;
import io.vigil.alert.rollup.RollupQueue;
import io.vigil.alert.rule.Output;
import io.vigil.alert.rule.RuleBook;
import io.vigil.alert.store.AlertStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The pipeline of one consumed topic ({@code metrics}, {@code health-results},
 * {@code domain-findings}), assembled in one place; each topic has its own instance, with its own partitions, engines (holding only the rules
 * that read that topic) and {@link EventFormat}:
 * <pre>
 * claim partitions → skip replayed → parse (dead-letter) → skip stale → [hand off to rollups] → evaluate
 *     → store (transitions + offsets + alert events + dispatch items, one transaction)
 *     → wake the relay (publish) and the dispatcher (tell people)
 * </pre>
 * A batch completes only when what it changed is stored; the caller acknowledges it then. I/O
 * stages retry until they work, so a database outage pauses the pipeline instead of failing it;
 * evaluation runs once per batch. Batches and ticks (wall-clock work: absence, flapping turning
 * stable, rule changes) run one at a time, in arrival order, since the engines are single-threaded.
 */
public final class AlertPipeline {

    private final String topic;
    private final List<Stage> stages;
    private final PipelineHealth health;
    private final Clock clock;
    private final Supplier<RuleBook> rules;
    private final Partitions partitions;
    private final ClaimPartitions claims;
    private final StoreTransitions store;
    private final Runnable stored;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private final java.util.concurrent.atomic.AtomicBoolean ticking = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param topic the topic it consumes; its partitions' offsets and alerts are stored under it
     * @param rules the rules of this topic only ({@link io.vigil.alert.rule.StreamRules})
     * @param rollups where metric batches go for the charts' 1-minute rollups; null for topics without
     * @param live the live dashboard's tap on the same batches; null for topics without
     */
    public AlertPipeline(String topic, EventFormat format, Supplier<RuleBook> rules, AlertStore alertStore,
            Partitions partitions, TransitionMessages messages, DeadLetterSink deadLetters, OutboxRelay relay,
            Runnable dispatcher, PipelineHealth health, PipelineMetrics metrics, AlertSettings settings, String owner,
            Clock clock, RollupQueue rollups, LiveFeed live) {
        this.topic = topic;
        this.health = health;
        this.clock = clock;
        this.rules = rules;
        this.partitions = partitions;
        Retry retry = new Retry(health, settings.maxBackoff(), topic);
        this.claims = new ClaimPartitions(topic, partitions, alertStore, retry, rules, owner, metrics, clock,
                settings.absenceForgetAfter());
        this.store = new StoreTransitions(alertStore, partitions, messages, retry, metrics);
        this.stored = () -> {
            relay.wake();
            dispatcher.run();
        };
        Stage handOff = rollups == null ? batch -> Uni.createFrom().voidItem() : new HandOffRollups(rollups, live);
        this.stages = List.of(
                claims,
                new SkipReplayed(metrics),
                new ParseRecords(format, deadLetters, retry, metrics),
                new SkipStale(settings.maxSampleAge(), metrics),
                handOff,
                new EvaluateRules(rules, metrics),
                store,
                batch -> {
                    if (!batch.allTransitions().isEmpty()) {
                        stored.run();
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    /** The topic this pipeline consumes. */
    public String topic() {
        return topic;
    }

    /** Runs the batch through every stage; completes once it is stored. */
    public Uni<Void> process(List<IncomingRecord> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return serially(() -> {
            Batch batch = new Batch(records, clock.instant());
            health.batchStarted(topic);
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Stage stage : stages) {
                chain = chain.chain(() -> stage.apply(batch));
            }
            return chain.eventually(() -> health.batchFinished(topic));
        });
    }

    /**
     * Wall-clock work for every partition Kafka assigned us: claims the ones not held yet, switches
     * engines to the current rule set, runs absence and flap checks, stores what they decided.
     */
    public Uni<Void> tick() {
        if (!ticking.compareAndSet(false, true)) {
            // The last tick is still waiting (for PostgreSQL, say): ticks must not pile up behind it.
            return Uni.createFrom().voidItem();
        }
        return serially(() -> claims.claimAssigned().chain(() -> {
            Instant now = clock.instant();
            RuleBook book = rules.get();
            Map<Integer, PartitionState> states = new LinkedHashMap<>();
            Map<Integer, Output> outputs = new LinkedHashMap<>();
            for (PartitionState state : partitions.owned()) {
                Output out = state.takePending();
                if (state.engine.version() != book.version()) {
                    out.transitions.addAll(state.engine.rules(book, now));
                }
                state.engine.tick(now, out);
                states.put(state.partition, state);
                outputs.put(state.partition, out);
            }
            return store.storeTick(topic, states, outputs).invoke(() -> {
                if (outputs.values().stream().anyMatch(o -> !o.transitions.isEmpty())) {
                    stored.run();
                }
            });
        })).eventually(() -> ticking.set(false));
    }

    /** Runs {@code work} after everything queued before it has finished, success or not. */
    private Uni<Void> serially(Supplier<Uni<Void>> work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> before;
        synchronized (this) {
            before = tail;
            tail = done;
        }
        return Uni.createFrom().completionStage(before)
                .onFailure().recoverWithNull()
                .chain(() -> work.get())
                .eventually(() -> done.complete(null));
    }
}
