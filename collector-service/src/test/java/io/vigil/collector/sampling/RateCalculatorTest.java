package io.vigil.collector.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.collector.sampling.RateCalculator.Reading;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RateCalculatorTest {

    private final RateCalculator rates = new RateCalculator();

    @Test
    void firstReadingOfASeriesHasNoRate() {
        assertThat(rates.rate("eth0", new Reading(1_000, 10_000))).isEmpty();
    }

    @Test
    void rateIsIncreasePerSecondBetweenReadings() {
        rates.rate("eth0", new Reading(1_000, 10_000));

        assertThat(rates.rate("eth0", new Reading(6_000, 12_000)).getAsDouble()).isCloseTo(2_500.0, within(1e-9));
        assertThat(rates.rate("eth0", new Reading(6_000, 13_000)).getAsDouble()).isZero();
    }

    @Test
    void subSecondIntervalsScaleToPerSecond() {
        rates.rate("vda", new Reading(0, 1_000));

        assertThat(rates.rate("vda", new Reading(100, 1_250)).getAsDouble()).isCloseTo(400.0, within(1e-9));
    }

    @Test
    void counterResetGivesNoRateThenResumesFromTheNewBase() {
        rates.rate("eth0", new Reading(9_000_000, 10_000));

        assertThat(rates.rate("eth0", new Reading(500, 11_000))).as("reset or wrap").isEmpty();
        assertThat(rates.rate("eth0", new Reading(1_500, 12_000)).getAsDouble()).isCloseTo(1_000.0, within(1e-9));
    }

    @Test
    void thirtyTwoBitWrapIsNeverANegativeRate() {
        rates.rate("eth0", new Reading(4_294_967_000L, 10_000));

        assertThat(rates.rate("eth0", new Reading(200, 11_000))).isEmpty();
    }

    @Test
    void noRateWhenTimeDidNotAdvance() {
        Reading first = new Reading(100, 5_000);

        assertThat(RateCalculator.perSecond(first, new Reading(200, 5_000))).isEmpty();
        assertThat(RateCalculator.perSecond(first, new Reading(200, 4_000))).isEmpty();
    }

    @Test
    void seriesAreIndependent() {
        rates.rate("rx", new Reading(0, 0));
        rates.rate("tx", new Reading(0, 0));

        assertThat(rates.rate("rx", new Reading(10, 1_000)).getAsDouble()).isEqualTo(10.0);
        assertThat(rates.rate("tx", new Reading(30, 1_000)).getAsDouble()).isEqualTo(30.0);
    }

    @Test
    void retainOnlyForgetsSeriesThatWentAway() {
        rates.rate("eth0", new Reading(0, 0));
        rates.rate("wlan0", new Reading(0, 0));

        rates.retainOnly(Set.of("eth0"));

        assertThat(rates.size()).isEqualTo(1);
        assertThat(rates.rate("wlan0", new Reading(100, 1_000))).as("wlan0 starts over").isEmpty();
        assertThat(rates.rate("eth0", new Reading(100, 1_000))).isPresent();
    }
}
