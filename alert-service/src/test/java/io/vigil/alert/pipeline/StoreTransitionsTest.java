package io.vigil.alert.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.dispatch.TransitionMessages;
import io.vigil.alert.health.PipelineHealth;
import io.vigil.alert.rule.Output;
import io.vigil.alert.rule.RuleEngine;
import io.vigil.alert.rule.SeenSeries;
import io.vigil.alert.store.AlertStore;
import io.vigil.alert.store.PartitionWrite;
import io.vigil.alert.store.TransitionRecords;
import io.vigil.events.EventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When the store stage writes a partition's offset: with every change, and for batches that change
 * nothing at most once per {@link StoreTransitions#OFFSET_INTERVAL}, never ahead of what was applied.
 * Read as a script: a batch arrives, what was written.
 */
class StoreTransitionsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final long INTERVAL = StoreTransitions.OFFSET_INTERVAL.toNanos();

    /** Offsets written per commit, e.g. [[0:5]] = one commit storing next offset 5 for partition 0. */
    private final List<List<PartitionWrite>> commits = new ArrayList<>();
    private final AlertStore store = new AlertStore(null) {
        @Override
        public Uni<Void> commit(String topic, List<PartitionWrite> writes, TransitionRecords records) {
            commits.add(List.copyOf(writes));
            return Uni.createFrom().voidItem();
        }
    };
    private long nanos = 1_000_000_000L;
    private final Partitions partitions = new Partitions();
    private final StoreTransitions stage = new StoreTransitions(store, partitions,
            new TransitionMessages(new EventSource("alert-service", "test")), new Retry(new PipelineHealth(),
                    Duration.ofSeconds(1)), new PipelineMetrics(new SimpleMeterRegistry(), PipelineMetrics.METRIC_BATCHES), () -> nanos);
    private final PartitionState state = new PartitionState(0, 1, 0, new RuleEngine(List.of()));

    private void batch(long from, long to, boolean changes) {
        List<IncomingRecord> records = new ArrayList<>();
        for (long o = from; o < to; o++) {
            records.add(new IncomingRecord("metrics", 0, o, "h", "{}"));
        }
        Batch batch = new Batch(records, NOW);
        batch.partitions.put(0, state);
        if (changes) {
            batch.output(0).seen.add(new SeenSeries("r", "k", Map.of("host", "h"), NOW, 0));
        }
        stage.apply(batch).await().indefinitely();
    }

    private void tick() {
        Map<Integer, PartitionState> states = new LinkedHashMap<>();
        states.put(0, state);
        Map<Integer, Output> outputs = new LinkedHashMap<>();
        outputs.put(0, new Output());
        stage.storeTick("metrics", states, outputs).await().indefinitely();
    }

    private List<Long> writtenOffsets() {
        return commits.stream().map(c -> c.get(0).nextOffset()).toList();
    }

    @Test
    void theFirstBatchOfAClaimStoresItsOffsetThenQuietBatchesWaitForTheInterval() {
        batch(0, 10, false);
        assertThat(writtenOffsets()).containsExactly(10L);

        nanos += INTERVAL / 4;
        batch(10, 20, false);
        nanos += INTERVAL / 4;
        batch(20, 30, false);
        assertThat(writtenOffsets()).as("nothing changed: no transaction").containsExactly(10L);
        assertThat(state.nextOffset).as("applied, so a redelivery is skipped as replayed").isEqualTo(30);

        nanos += INTERVAL / 2;
        batch(30, 40, false);
        assertThat(writtenOffsets()).containsExactly(10L, 40L);
    }

    @Test
    void aBatchThatChangesSomethingStoresItsChangesWithTheFullOffsetAtOnce() {
        batch(0, 10, false);
        nanos += INTERVAL / 10;
        batch(10, 20, false);

        nanos += INTERVAL / 10;
        batch(20, 30, true);

        assertThat(writtenOffsets()).containsExactly(10L, 30L);
        assertThat(commits.get(1).get(0).seen()).hasSize(1);
    }

    @Test
    void theTickStoresTheOffsetOfAStreamThatWentQuietOnceAndOnlyOnce() {
        batch(0, 10, false);
        nanos += INTERVAL / 10;
        batch(10, 20, false);

        tick();
        assertThat(writtenOffsets()).as("within the interval").containsExactly(10L);

        nanos += INTERVAL;
        tick();
        nanos += INTERVAL;
        tick();
        assertThat(writtenOffsets()).containsExactly(10L, 20L);
    }

    @Test
    void aNewClaimOfThePartitionStoresItsFirstOffsetAtOnce() {
        batch(0, 10, false);
        PartitionState reclaimed = new PartitionState(0, 2, 10, new RuleEngine(List.of()));
        Batch batch = new Batch(List.of(new IncomingRecord("metrics", 0, 10, "h", "{}")), NOW);
        batch.partitions.put(0, reclaimed);

        stage.apply(batch).await().indefinitely();

        assertThat(commits).hasSize(2);
        assertThat(commits.get(1).get(0).epoch()).isEqualTo(2);
        assertThat(commits.get(1).get(0).nextOffset()).isEqualTo(11);
    }
}
