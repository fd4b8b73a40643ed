package io.vigil.support.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler on a real Vert.x: repeats, never overlaps a check with itself, bounds runs in flight, cancels. */
class SchedulerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final List<String> skipped = new CopyOnWriteArrayList<>();
    private final Scheduler.Listener<Job> listener = new Scheduler.Listener<>() {
        @Override
        public void started(Job check, long lagNanos) {
            runs.computeIfAbsent(check.name(), k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void skipped(Job check) {
            skipped.add(check.name());
        }
    };

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCheckRunsAgainEveryInterval() {
        Scheduler<Job> scheduler = new Scheduler<>(vertx, Job::name, Job::interval,
                check -> CompletableFuture.completedFuture(null), listener, 10);

        scheduler.schedule(check("fast", Duration.ofMillis(1000)));

        await().atMost(WAIT).until(() -> count("fast") >= 3);
        assertThat(skipped).isEmpty();
    }

    @Test
    void aRunStillGoingIsNotStartedAgainButSkipped() {
        CompletableFuture<Void> hang = new CompletableFuture<>();
        Scheduler<Job> scheduler = new Scheduler<>(vertx, Job::name, Job::interval, check -> hang, listener, 10);

        scheduler.schedule(check("slow", Duration.ofMillis(1000)));

        await().atMost(WAIT).until(() -> skipped.size() >= 2);
        assertThat(count("slow")).isEqualTo(1);
        hang.complete(null);
        await().atMost(WAIT).until(() -> count("slow") >= 2);
    }

    @Test
    void noMoreThanMaxInFlightRunAtOnceAndTheRestWait() {
        List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Scheduler<Job> scheduler = new Scheduler<>(vertx, Job::name, Job::interval, check -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            CompletableFuture<Void> done = new CompletableFuture<>();
            pending.add(done);
            return done.whenComplete((v, e) -> inFlight.decrementAndGet());
        }, listener, 2);

        for (int i = 0; i < 5; i++) {
            scheduler.schedule(check("c" + i, Duration.ofSeconds(1)));
        }

        await().atMost(WAIT).until(() -> scheduler.waiting() == 3);
        assertThat(pending).hasSize(2);
        // Each finished run lets one waiting run start, in arrival order.
        Set<String> started = new HashSet<>(runs.keySet());
        pending.get(0).complete(null);
        await().atMost(WAIT).until(() -> pending.size() == 3);
        assertThat(runs.keySet()).hasSize(started.size() + 1);
        new ArrayList<>(pending).forEach(f -> f.complete(null));
        await().atMost(WAIT).until(() -> runs.size() == 5);
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void aCancelledCheckStopsWhileOthersGoOn() {
        Scheduler<Job> scheduler = new Scheduler<>(vertx, Job::name, Job::interval,
                check -> CompletableFuture.completedFuture(null), listener, 10);
        scheduler.schedule(check("kept", Duration.ofSeconds(1)));
        scheduler.schedule(check("dropped", Duration.ofSeconds(1)));
        await().atMost(WAIT).until(() -> count("dropped") >= 1 && count("kept") >= 1);

        scheduler.cancel("dropped");
        int before = count("dropped");
        int keptBefore = count("kept");

        // Two more turns of the kept check: the dropped one, on the same interval, would have run too.
        await().atMost(WAIT).until(() -> count("kept") >= keptBefore + 2);
        assertThat(count("dropped")).isLessThanOrEqualTo(before + 1);
        int settled = count("dropped");
        await().atMost(WAIT).until(() -> count("kept") >= keptBefore + 4);
        assertThat(count("dropped")).isEqualTo(settled);
    }

    @Test
    void startsAreSpreadOverTheInterval() {
        Duration interval = Duration.ofSeconds(60);
        int[] buckets = new int[6];
        for (int i = 0; i < 6000; i++) {
            long offset = Spread.offset(String.format("check-%05d", i), interval).toMillis();
            assertThat(offset).isBetween(0L, interval.toMillis() - 1);
            buckets[(int) (offset / 10_000)]++;
        }
        // 1000 expected per 10 s bucket; a clustering hash would pile them into a few.
        for (int b : buckets) {
            assertThat(b).isBetween(850, 1150);
        }
        assertThat(Spread.offset("same", interval)).isEqualTo(Spread.offset("same", interval));
    }

    private int count(String name) {
        AtomicInteger n = runs.get(name);
        return n == null ? 0 : n.get();
    }

    private static Job check(String name, Duration interval) {
        return new Job(name, interval);
    }

    /** What the scheduler needs of a job: a name and an interval. */
    private record Job(String name, Duration interval) {
    }
}
