package io.vigil.notifier;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's clock in tests: the system clock, moved by an offset a test sets (and resets) to
 * be somewhere else in time, such as inside a weekly maintenance window, without waiting for it.
 * Replaces the production clock bean, which is a default bean.
 */
@Singleton
public class TestClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    /** Makes the service's "now" be {@code at} (from now on, moving with real time). */
    public void moveTo(Instant at) {
        offset = Duration.between(Instant.now(), at);
    }

    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the test clock is UTC");
    }
}
