package io.vigil.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bucket's arithmetic on a hand-moved clock: a burst goes at once, then one slot per interval. */
class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final TokenBuckets buckets = new TokenBuckets(now::get);

    @Test
    void theBurstGoesAtOnceAndTheRestAreSpacedByTheRate() {
        RateLimit limit = new RateLimit(10, 3);
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            waits.add(buckets.reserve("d", limit));
        }
        assertThat(waits).containsExactly(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofMillis(100),
                Duration.ofMillis(200), Duration.ofMillis(300));
    }

    @Test
    void noWindowOfOneSecondHoldsMoreThanRatePlusBurstWhateverTheArrivals() {
        RateLimit limit = new RateLimit(10, 20);
        List<Long> sentAt = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            // Arrivals in bursts of 50 every 0.3 s: much faster than the limit.
            if (i % 50 == 0) {
                now.addAndGet(300_000_000L);
            }
            sentAt.add(now.get() + buckets.reserve("storm", limit).toNanos());
        }
        sentAt.sort(Long::compare);
        for (int i = 0; i < sentAt.size(); i++) {
            int j = i;
            while (j < sentAt.size() && sentAt.get(j) < sentAt.get(i) + 1_000_000_000L) {
                j++;
            }
            assertThat(j - i).as("requests in the second from #%d", i).isLessThanOrEqualTo(10 + 20);
        }
    }

    @Test
    void aQuietSpellRefillsTheBurstButNoMore() {
        RateLimit limit = new RateLimit(10, 2);
        buckets.reserve("d", limit);
        buckets.reserve("d", limit);
        now.addAndGet(10_000_000_000L);

        assertThat(buckets.reserve("d", limit)).isZero();
        assertThat(buckets.reserve("d", limit)).isZero();
        assertThat(buckets.reserve("d", limit)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void destinationsHaveTheirOwnBuckets() {
        RateLimit limit = new RateLimit(1, 1);
        buckets.reserve("a", limit);

        assertThat(buckets.reserve("b", limit)).isZero();
        assertThat(buckets.reserve("a", limit)).isEqualTo(Duration.ofSeconds(1));
    }
}
