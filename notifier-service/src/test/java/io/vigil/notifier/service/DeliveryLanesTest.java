package io.vigil.notifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The lanes as a script: submit work, see what started, finish work, see what starts next. */
class DeliveryLanesTest {

    private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final Map<String, UniEmitter<? super Void>> running = new ConcurrentHashMap<>();

    private DeliveryLanes lanes(int subLanes, int maxInFlight) {
        return new DeliveryLanes(subLanes, maxInFlight, r -> gauges.computeIfAbsent(r, x -> new AtomicInteger()));
    }

    /** Work that records its start and ends only when {@link #finish} says so. */
    private java.util.function.Supplier<Uni<?>> work(String name) {
        return () -> Uni.createFrom().<Void>emitter(e -> {
            started.add(name);
            running.put(name, e);
        });
    }

    private void finish(String name) {
        running.remove(name).complete(null);
    }

    @Test
    void aBlockedRouteDoesNotHoldAnotherRoute() {
        DeliveryLanes lanes = lanes(1, 10);

        lanes.submit("failing", "fp-1", work("failing-1")).await().indefinitely();
        lanes.submit("healthy", "fp-2", work("healthy-1")).await().indefinitely();

        assertThat(started).containsExactly("failing-1", "healthy-1");
        assertThat(gauges.get("failing").get()).isEqualTo(1);
        assertThat(gauges.get("healthy").get()).isEqualTo(1);
    }

    @Test
    void oneAlertsNotificationsRunOneAfterTheOtherInOrder() {
        DeliveryLanes lanes = lanes(4, 10);

        lanes.submit("ops", "fp-1", work("firing")).await().indefinitely();
        lanes.submit("ops", "fp-1", work("resolved")).await().indefinitely();
        assertThat(started).containsExactly("firing");

        finish("firing");

        assertThat(started).containsExactly("firing", "resolved");
    }

    @Test
    void alertsOnDifferentSubLanesOfOneRouteRunAtOnce() {
        DeliveryLanes lanes = lanes(4, 10);
        String a = "fp-a";
        String b = fingerprintOnAnotherSubLane(lanes, a);

        lanes.submit("ops", a, work("a")).await().indefinitely();
        lanes.submit("ops", b, work("b")).await().indefinitely();

        assertThat(started).containsExactly("a", "b");
    }

    @Test
    void aFailedItemStillMovesItsLaneOn() {
        DeliveryLanes lanes = lanes(1, 10);

        lanes.submit("ops", "fp", () -> Uni.createFrom().failure(new IllegalStateException("boom")))
                .await().indefinitely();
        lanes.submit("ops", "fp", work("next")).await().indefinitely();

        assertThat(started).containsExactly("next");
        assertThat(lanes.inFlight()).isEqualTo(1);
    }

    @Test
    void submitWaitsWhileTheLanesAreFullAndGoesOnWhenOneFinishes() {
        DeliveryLanes lanes = lanes(4, 2);
        lanes.submit("a", "fp-1", work("one")).await().indefinitely();
        lanes.submit("b", "fp-2", work("two")).await().indefinitely();

        AtomicBoolean queued = new AtomicBoolean();
        lanes.submit("c", "fp-3", work("three")).subscribe().with(ok -> queued.set(true));
        assertThat(queued).isFalse();
        assertThat(started).containsExactly("one", "two");

        finish("one");

        assertThat(queued).isTrue();
        assertThat(started).containsExactly("one", "two", "three");
        assertThat(lanes.inFlight()).isEqualTo(2);
        assertThat(gauges.get("a").get()).isZero();
    }

    @Test
    void closingCancelsRunningWorkAndRefusesNewWork() {
        DeliveryLanes lanes = lanes(1, 10);
        AtomicBoolean cancelled = new AtomicBoolean();
        lanes.submit("ops", "fp", () -> Uni.createFrom().emitter(e -> e.onTermination(() -> cancelled.set(true))))
                .await().indefinitely();

        lanes.close();

        assertThat(cancelled).isTrue();
        List<Throwable> failures = new ArrayList<>();
        lanes.submit("ops", "fp", work("late")).subscribe().with(ok -> { }, failures::add);
        assertThat(failures).hasSize(1);
        assertThat(started).doesNotContain("late");
    }

    private static String fingerprintOnAnotherSubLane(DeliveryLanes lanes, String than) {
        for (int i = 0; i < 1000; i++) {
            String candidate = "fp-" + i;
            if (lanes.subLane(candidate) != lanes.subLane(than)) {
                return candidate;
            }
        }
        throw new AssertionError("no fingerprint on another sub-lane");
    }
}
