package io.vigil.alert.it;

import io.vigil.test.MovableClock;
import jakarta.inject.Singleton;

/** The service's clock in these tests: {@link MovableClock} as the bean that replaces the production one. */
@Singleton
public class TestClock extends MovableClock {
}
