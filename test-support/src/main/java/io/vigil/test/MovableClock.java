package io.vigil.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A service's clock in tests: the system clock, moved by an offset a test sets (and resets) to be
 * somewhere else in time, such as inside a weekly maintenance or mute window, without waiting for it.
 * A service's test sources subclass it as a {@code @Singleton} bean, which replaces the production
 * clock (a default bean).
 */
public class MovableClock extends Clock {

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
