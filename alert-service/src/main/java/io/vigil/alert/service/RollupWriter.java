package io.vigil.alert.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vigil.alert.config.AlertSettings;
import io.vigil.alert.config.RulesProducer.AlertFile;
import io.vigil.alert.rollup.MinuteRollup;
import io.vigil.alert.rollup.RollupQueue;
import io.vigil.alert.rollup.Rollups;
import io.vigil.alert.store.RollupStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The metric history's own stage, on its own thread so that neither its work nor PostgreSQL's
 * pace ever reaches rule evaluation: it moves queued batches ({@link RollupQueue}) into
 * per-(series, minute) rollups as they arrive (a queue drained once a second had to hold a
 * second of the whole fleet's batches, and dropped under a burst); every
 * {@code alert.rollup-flush-interval} it writes all of them, open minutes included, as one batch
 * of upserts that add to what is stored (taking nothing meanwhile: the queue bridges the write). A
 * failed write keeps its rows for the next one (up to {@code alert.rollup-max-pending}, then the
 * queue fills and samples are counted as dropped). Every {@code alert.rollup-retention-interval}
 * it drops the day partitions past {@code history.retention} and creates the next days'.
 */
@ApplicationScoped
public class RollupWriter {

    /** Batches moved per drain: keeps one pass short when a backlog clears. */
    static final int DRAIN = 10_000;
    /** How long the writer waits for a batch before it gives a due write or retention run its turn. */
    static final Duration TAKE_WAIT = Duration.ofMillis(100);
    /** Samples stamped further ahead than this are refused: a wrong clock must not create partitions for years ahead. */
    static final Duration MAX_AHEAD = Duration.ofHours(1);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);

    private final RollupQueue queue;
    private final RollupStore store;
    private final AlertSettings settings;
    private final Duration retention;
    private final Clock clock;
    private final Rollups rollups = new Rollups();
    private final Set<LocalDate> partitions = ConcurrentHashMap.newKeySet();
    private final Counter written;
    private final Counter failed;
    private ScheduledExecutorService thread;

    public RollupWriter(RollupQueue queue, RollupStore store, AlertSettings settings, AlertFile file, Clock clock,
            MeterRegistry registry) {
        this.queue = queue;
        this.store = store;
        this.settings = settings;
        this.retention = file.config().history().retention();
        this.clock = clock;
        this.written = Counter.builder("vigil.rollup.rows").tag("outcome", "written")
                .description("Rollup rows (series x minute) sent to PostgreSQL, by outcome").register(registry);
        this.failed = Counter.builder("vigil.rollup.rows").tag("outcome", "failed")
                .description("Rollup rows (series x minute) sent to PostgreSQL, by outcome").register(registry);
        Gauge.builder("vigil.rollup.queued.batches", queue, RollupQueue::size)
                .description("Metric batches waiting for the rollup writer").register(registry);
    }

    void start(@Observes StartupEvent event) {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-rollup-writer");
            t.setDaemon(true);
            return t;
        });
        // All on the one thread, so taking and writing never overlap: a take waits at most TAKE_WAIT,
        // then a write that came due runs before the next take (the scheduler runs the earliest
        // due task first). Paced by the scheduler's monotonic time, not the service clock: a clock
        // that jumps must not stall the writes.
        thread.scheduleWithFixedDelay(() -> safely(this::take), 0, 1, TimeUnit.MILLISECONDS);
        long flush = settings.rollupFlushInterval().toMillis();
        thread.scheduleWithFixedDelay(() -> safely(this::flush), flush, flush, TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(() -> {
            try {
                maintain();
            } catch (RuntimeException e) {
                Log.warnf("rollup retention failed, next run retries: %s", e.getMessage());
            }
        }, 0, settings.rollupRetentionInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (thread == null) {
            return;
        }
        // What is gathered is written once more before the thread goes: a clean stop loses nothing.
        try {
            thread.submit(() -> {
                queue.drainTo(rollups, Integer.MAX_VALUE);
                flush();
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            Log.warnf("rollups not written at shutdown: %s", e.getMessage());
        }
        thread.shutdownNow();
    }

    private static void safely(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            Log.warnf("rollup writer step failed, the next one retries: %s", e.getMessage());
        }
    }

    /**
     * Waits briefly for batches and takes them while there is room; with no room (PostgreSQL
     * refuses writes) it only waits, and the queue fills.
     */
    private void take() {
        try {
            if (rollups.size() >= settings.rollupMaxPending()) {
                Thread.sleep(TAKE_WAIT.toMillis());
            } else if (queue.awaitTo(rollups, DRAIN, TAKE_WAIT) == DRAIN) {
                drain();
            }
        } catch (InterruptedException e) {
            // shutdownNow after stop(): the thread is going
            Thread.currentThread().interrupt();
        }
    }

    /** Takes queued batches while there is room, without waiting. */
    private void drain() {
        while (rollups.size() < settings.rollupMaxPending() && queue.drainTo(rollups, DRAIN) == DRAIN) {
            // a backlog: keep draining while there is room
        }
    }

    /** Writes everything gathered (draining first); on failure keeps it for the next write. */
    private void flush() {
        drain();
        List<MinuteRollup> rows = rollups.drain();
        if (rows.isEmpty()) {
            return;
        }
        Instant latest = clock.instant().plus(MAX_AHEAD);
        List<MinuteRollup> accepted = new ArrayList<>(rows.size());
        for (MinuteRollup r : rows) {
            if (r.minute().isAfter(latest)) {
                queue.skipped((int) r.count());
            } else {
                accepted.add(r);
            }
        }
        // Rollups.drain's order, kept by the filter: one order for every instance, so two writers
        // upserting the same rows (during a rebalance) wait for each other instead of deadlocking.
        try {
            for (LocalDate day : days(accepted)) {
                if (!partitions.contains(day)) {
                    store.createPartition(day).await().atMost(WRITE_TIMEOUT);
                    partitions.add(day);
                }
            }
            store.upsert(accepted).await().atMost(WRITE_TIMEOUT);
            written.increment(accepted.size());
            Log.debugf("rollups written rows=%d", accepted.size());
        } catch (RuntimeException e) {
            failed.increment(accepted.size());
            rollups.restore(accepted);
            Log.warnf("rollups not written, kept for the next write rows=%d error=%s", accepted.size(), e.getMessage());
        }
    }

    private static Set<LocalDate> days(List<MinuteRollup> rows) {
        Set<LocalDate> days = new TreeSet<>();
        for (MinuteRollup r : rows) {
            days.add(LocalDate.ofInstant(r.minute(), ZoneOffset.UTC));
        }
        return days;
    }

    /**
     * Creates today's and tomorrow's partitions and drops every day partition whose whole day is
     * older than the retention (so up to a day more than the retention is kept).
     *
     * @return the days dropped
     */
    public List<LocalDate> maintain() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (LocalDate day : List.of(today, today.plusDays(1))) {
            store.createPartition(day).await().atMost(WRITE_TIMEOUT);
            partitions.add(day);
        }
        Instant cutoff = now.minus(retention);
        List<LocalDate> dropped = new ArrayList<>();
        for (LocalDate day : store.partitions().await().atMost(WRITE_TIMEOUT)) {
            Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!end.isAfter(cutoff)) {
                store.dropPartition(day).await().atMost(WRITE_TIMEOUT);
                partitions.remove(day);
                dropped.add(day);
            }
        }
        if (!dropped.isEmpty()) {
            Log.infof("rollup retention dropped days=%s retention=%s", dropped, retention);
        }
        return dropped;
    }
}
