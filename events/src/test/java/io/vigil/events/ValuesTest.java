package io.vigil.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesTest {

    @ParameterizedTest
    @CsvSource({
            "0.95, 0.95",
            "0.973144, 0.9731",
            "16777216, 16777216",
            "12.3456, 12.35",
            "-0.5, -0.5",
            "0.000123456, 0.0001235",
            "NaN, n/a",
            "Infinity, n/a",
    })
    void writesAtMostFourSignificantDigitsAndWholeNumbersWithout(double value, String expected) {
        assertThat(Values.format(value)).isEqualTo(expected);
    }
}
