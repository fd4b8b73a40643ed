package io.vigil.notifier.service;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs notification work concurrently per destination without losing order per alert: each route has
 * {@code subLanes} sequential queues, and a notification goes to the queue its fingerprint hashes to.
 * One failing webhook therefore only holds its own route's queues, and "firing" stays ahead of
 * "resolved" for an alert. At most {@code maxInFlight} items are queued or running, all lanes together;
 * {@link #submit} waits for room beyond that, which is what pushes back on the Kafka consumer.
 *
 * <p>Plain Java: the caller's work is a {@link Uni}, started when its turn comes.
 */
public final class DeliveryLanes {

    private final int subLanes;
    private final int maxInFlight;
    private final Function<String, AtomicInteger> inFlightGauge;
    private final Map<String, SubLane[]> lanes = new ConcurrentHashMap<>();
    /** Submitters waiting for room, in arrival order; guarded by {@code this}. */
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    /** Items queued or running; guarded by {@code this}. */
    private int inFlight;
    private volatile boolean closed;

    /**
     * @param inFlightGauge the per-route counter of items in flight (a metrics gauge), by route name
     */
    public DeliveryLanes(int subLanes, int maxInFlight, Function<String, AtomicInteger> inFlightGauge) {
        if (subLanes < 1) {
            throw new IllegalArgumentException("notifier.sub-lanes must be at least 1: " + subLanes);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("notifier.max-in-flight must be at least 1: " + maxInFlight);
        }
        this.subLanes = subLanes;
        this.maxInFlight = maxInFlight;
        this.inFlightGauge = Objects.requireNonNull(inFlightGauge, "inFlightGauge");
    }

    /** The sub-lane of a fingerprint: the same alert always lands in the same one. */
    public int subLane(String fingerprint) {
        return Math.floorMod(fingerprint == null ? 0 : fingerprint.hashCode(), subLanes);
    }

    /**
     * Queues {@code work} on the lane of {@code route} (any name, e.g. "none" for unrouted) and the
     * sub-lane of {@code fingerprint}. The returned {@link Uni} completes once the work is queued,
     * which may wait for room; the work itself runs after everything queued before it on that sub-lane
     * and must handle its own outcome (a failure of it only moves the lane on).
     */
    public Uni<Void> submit(String route, String fingerprint, Supplier<Uni<?>> work) {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(work, "work");
        return Uni.createFrom().emitter(emitter -> {
            Runnable enqueue = () -> {
                inFlightGauge.apply(route).incrementAndGet();
                lane(route, fingerprint).add(new Item(route, work));
                emitter.complete(null);
            };
            boolean now;
            synchronized (this) {
                if (closed) {
                    emitter.fail(new IllegalStateException("delivery lanes are closed"));
                    return;
                }
                now = inFlight < maxInFlight;
                if (now) {
                    inFlight++;
                } else {
                    waiting.add(enqueue);
                }
            }
            if (now) {
                enqueue.run();
            }
        });
    }

    /** Items queued or running, all lanes together. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** Stops all lanes: running work is cancelled, queued work and waiting submitters are dropped. */
    public void close() {
        List<SubLane> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            waiting.clear();
            lanes.values().forEach(l -> all.addAll(List.of(l)));
        }
        all.forEach(SubLane::cancel);
    }

    private SubLane lane(String route, String fingerprint) {
        return lanes.computeIfAbsent(route, r -> {
            SubLane[] created = new SubLane[subLanes];
            for (int i = 0; i < subLanes; i++) {
                created[i] = new SubLane();
            }
            return created;
        })[subLane(fingerprint)];
    }

    /** An item is done: its room goes to the first waiting submitter, if any. */
    private void finished(Item item) {
        inFlightGauge.apply(item.route()).decrementAndGet();
        Runnable next;
        synchronized (this) {
            next = closed ? null : waiting.poll();
            if (next == null) {
                inFlight--;
            }
        }
        if (next != null) {
            next.run();
        }
    }

    private record Item(String route, Supplier<Uni<?>> work) {
    }

    /** One sequential queue: the next item starts when the previous one has ended. */
    private final class SubLane {
        private final ArrayDeque<Item> queue = new ArrayDeque<>();
        private boolean running;
        private Cancellable current;

        void add(Item item) {
            synchronized (this) {
                queue.add(item);
                if (running) {
                    return;
                }
                running = true;
            }
            runNext();
        }

        private void runNext() {
            Item item;
            synchronized (this) {
                item = closed ? null : queue.poll();
                if (item == null) {
                    running = false;
                    return;
                }
            }
            Uni<?> work;
            try {
                work = item.work().get();
            } catch (RuntimeException e) {
                work = Uni.createFrom().failure(e);
            }
            Cancellable started = work.subscribe().with(done -> next(item), failure -> next(item));
            synchronized (this) {
                if (running && current == null) {
                    current = started;
                }
            }
        }

        private void next(Item item) {
            synchronized (this) {
                current = null;
            }
            finished(item);
            runNext();
        }

        void cancel() {
            Cancellable c;
            synchronized (this) {
                c = current;
                current = null;
                queue.clear();
            }
            if (c != null) {
                c.cancel();
            }
        }
    }
}
