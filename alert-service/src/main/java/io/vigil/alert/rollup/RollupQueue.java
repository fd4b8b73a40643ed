package io.vigil.alert.rollup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.events.MetricBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The hand-off from the metrics pipeline to the rollup writer: a bounded queue of batches that
 * never blocks the pipeline. When the writer falls behind (PostgreSQL slow or down) and the queue
 * is full, the batch's samples are counted as {@code vigil_rollup_samples_total{outcome="dropped"}}
 * and evaluation goes on: the charts lose those samples, the alerts nothing.
 */
public final class RollupQueue {

    private final BlockingQueue<MetricBatch> queue;
    private final Counter queued;
    private final Counter dropped;
    private final Counter skipped;

    /** @param capacity batches (one per host per tick) that may wait for the writer */
    public RollupQueue(int capacity, MeterRegistry registry) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.queued = samples(registry, "queued");
        this.dropped = samples(registry, "dropped");
        this.skipped = samples(registry, "skipped");
    }

    private static Counter samples(MeterRegistry registry, String outcome) {
        return Counter.builder("vigil.rollup.samples").tag("outcome", outcome)
                .description("Metric samples on their way to the 1-minute rollups, by what became of them")
                .register(registry);
    }

    /** Queues the batch unless the queue is full (then counts its samples as dropped); never waits. */
    public boolean offer(MetricBatch batch) {
        if (batch.samples().isEmpty()) {
            return true;
        }
        if (queue.offer(batch)) {
            queued.increment(batch.samples().size());
            return true;
        }
        dropped.increment(batch.samples().size());
        return false;
    }

    /** Moves up to {@code max} queued batches into {@code rollups}; the number moved. */
    public int drainTo(Rollups rollups, int max) {
        List<MetricBatch> batches = new ArrayList<>(Math.min(max, queue.size()));
        queue.drainTo(batches, max);
        for (MetricBatch b : batches) {
            add(rollups, b);
        }
        return batches.size();
    }

    private void add(Rollups rollups, MetricBatch batch) {
        int left = rollups.add(batch);
        if (left > 0) {
            skipped.increment(left);
        }
    }

    /**
     * Waits up to {@code wait} for a batch, then moves it and up to {@code max - 1} more queued
     * batches into {@code rollups}: the writer takes batches as they come instead of letting them
     * pile up between passes, so a small queue is enough.
     *
     * @return the number moved (0 when none came in time)
     */
    public int awaitTo(Rollups rollups, int max, Duration wait) throws InterruptedException {
        MetricBatch first = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        if (first == null) {
            return 0;
        }
        add(rollups, first);
        return 1 + drainTo(rollups, max - 1);
    }

    /** Counts samples the writer refused (out of range) as skipped. */
    public void skipped(int samples) {
        skipped.increment(samples);
    }

    /** Batches waiting. */
    public int size() {
        return queue.size();
    }
}
