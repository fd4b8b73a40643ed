package io.vigil.health.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    /** A clock that moves only when the test says so. */
    private final AtomicLong clock = new AtomicLong(123_456_789L);

    private void advance(long nanos) {
        clock.addAndGet(nanos);
    }

    private static int granted(RateLimiter limiter, String key, int attempts) {
        int n = 0;
        for (int i = 0; i < attempts; i++) {
            n += limiter.tryAcquire(key) ? 1 : 0;
        }
        return n;
    }

    @Test
    void grantsTheBurstThenRefuses() {
        RateLimiter limiter = new RateLimiter(10, 1, 100, clock::get);

        assertThat(granted(limiter, "t", 10)).isEqualTo(10);
        assertThat(limiter.tryAcquire("t")).isFalse();
    }

    @Test
    void refillsAtTheSustainedRate() {
        RateLimiter limiter = new RateLimiter(10, 1, 100, clock::get);
        granted(limiter, "t", 10);

        advance(999 * MS);
        assertThat(limiter.tryAcquire("t")).isFalse();

        advance(MS);
        assertThat(limiter.tryAcquire("t")).isTrue();
        assertThat(limiter.tryAcquire("t")).isFalse();
    }

    @Test
    void neverHoldsMoreThanTheBurst() {
        RateLimiter limiter = new RateLimiter(10, 1, 100, clock::get);
        limiter.tryAcquire("t");

        advance(3_600 * SECOND);

        assertThat(granted(limiter, "t", 20)).isEqualTo(10);
    }

    @Test
    void refillsAtFractionalRates() {
        // One call every two seconds
        RateLimiter limiter = new RateLimiter(1, 0.5, 100, clock::get);
        assertThat(limiter.tryAcquire("t")).isTrue();

        advance(1_999 * MS);
        assertThat(limiter.tryAcquire("t")).isFalse();

        advance(MS);
        assertThat(limiter.tryAcquire("t")).isTrue();
    }

    @Test
    void keysHaveTheirOwnBuckets() {
        RateLimiter limiter = new RateLimiter(2, 1, 100, clock::get);
        granted(limiter, "a", 2);

        assertThat(limiter.tryAcquire("a")).isFalse();
        assertThat(limiter.tryAcquire("b")).isTrue();
    }

    @Test
    void dropsBucketsThatRefilledCompletely() {
        RateLimiter limiter = new RateLimiter(10, 1, 100, clock::get);
        limiter.tryAcquire("a");
        assertThat(limiter.trackedKeys()).isEqualTo(1);

        // One second later "a" is full again; the next call sweeps it out
        advance(SECOND);
        limiter.tryAcquire("b");

        assertThat(limiter.trackedKeys()).isEqualTo(1);
    }

    @Test
    void keepsBucketsThatAreStillDrained() {
        RateLimiter limiter = new RateLimiter(10, 1, 100, clock::get);
        granted(limiter, "a", 10);

        // A sweep runs while "a" has refilled only 1.5 calls
        advance(1_500 * MS);
        limiter.tryAcquire("b");

        // "a" kept its bucket: no fresh burst
        assertThat(limiter.trackedKeys()).isEqualTo(2);
        assertThat(granted(limiter, "a", 5)).isEqualTo(1);
    }

    @Test
    void atTheCapRefusesNewKeysButServesKnownOnes() {
        RateLimiter limiter = new RateLimiter(10, 1, 2, clock::get);
        limiter.tryAcquire("a");
        limiter.tryAcquire("b");

        assertThat(limiter.tryAcquire("flood-1")).isFalse();
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.trackedKeys()).isEqualTo(2);
    }

    @Test
    void atTheCapRefilledBucketsMakeRoomAtTheNextSweep() {
        RateLimiter limiter = new RateLimiter(10, 1, 2, clock::get);
        limiter.tryAcquire("a");
        limiter.tryAcquire("b");

        advance(RateLimiter.SWEEP_INTERVAL_NANOS);

        assertThat(limiter.tryAcquire("c")).isTrue();
        assertThat(limiter.trackedKeys()).isEqualTo(1);
    }

    @Test
    void sweepsAtMostOncePerInterval() {
        RateLimiter limiter = new RateLimiter(1, 10, 100, clock::get);
        advance(RateLimiter.SWEEP_INTERVAL_NANOS);
        limiter.tryAcquire("a"); // sweeps an empty map; next sweep one interval on

        // "a" is full again after 100 ms, but no sweep is due yet
        advance(500 * MS);
        limiter.tryAcquire("b");
        assertThat(limiter.trackedKeys()).isEqualTo(2);

        advance(500 * MS);
        limiter.tryAcquire("c");
        assertThat(limiter.trackedKeys()).isEqualTo(1);
    }

    @Test
    void concurrentCallersShareOneBurst() throws Exception {
        // Given a frozen clock and 8 threads hammering one key
        RateLimiter limiter = new RateLimiter(10, 1, 100, clock::get);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Callable<Integer> caller = () -> {
                    start.await();
                    return granted(limiter, "t", 1_000);
                };
                results.add(pool.submit(caller));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get();
            }

            // Then exactly the burst was granted
            assertThat(total).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theDefaultsAreABurstOf10PerTokenAnd30PerClient() {
        RateLimiter perToken = RateLimiter.perToken(clock::get);
        RateLimiter perClient = RateLimiter.perClient(clock::get);

        assertThat(granted(perToken, "t", 100)).isEqualTo(RateLimiter.TOKEN_BURST).isEqualTo(10);
        assertThat(granted(perClient, "10.0.0.7", 100)).isEqualTo(RateLimiter.CLIENT_BURST).isEqualTo(30);

        advance(SECOND);
        assertThat(granted(perToken, "t", 100)).isEqualTo(1);
        assertThat(granted(perClient, "10.0.0.7", 100)).isEqualTo(5);
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> new RateLimiter(0, 1, 10, clock::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity 0");
        assertThatThrownBy(() -> new RateLimiter(1, 0, 10, clock::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refill 0.0/s");
        assertThatThrownBy(() -> new RateLimiter(1, Double.NaN, 10, clock::get))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(1, 1, 0, clock::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxKeys 0");
    }
}
