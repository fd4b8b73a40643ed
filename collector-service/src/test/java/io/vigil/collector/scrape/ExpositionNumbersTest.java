package io.vigil.collector.scrape;

import static io.vigil.collector.scrape.ExpositionParserTest.failure;
import static io.vigil.collector.scrape.ExpositionParserTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text-format values as Go's {@code strconv.ParseFloat} reads them (cases from Go's own
 * atof_test.go) and text-format timestamps as {@code strconv.ParseInt(s, 10, 64)}.
 */
class ExpositionNumbersTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "1 | 1",
        "-1 | -1",
        "+1 | 1",
        "00012 | 12",
        "1. | 1",
        ".5 | 0.5",
        "+.5 | 0.5",
        "1e3 | 1000",
        "1E+3 | 1000",
        "1.5e-3 | 0.0015",
        "0.1 | 0.1",
        "1.446401e+06 | 1446401",
        "123456789012345678901234567890 | 1.2345678901234568E29",
        "1.7976931348623157e308 | 1.7976931348623157E308",
        "4.9e-324 | 4.9E-324",
        "1e-400 | 0",
        "0x1p-2 | 0.25",
        "0x1.8p1 | 3",
        "-0X.8P1 | -1",
        "0x1.P0 | 1",
        "0x1_0p0 | 16",
        "0x_1p0 | 1",
        "1_000 | 1000",
        "1_23.50_0_0e+1_2 | 1.235e14",
        "Inf | Infinity",
        "+inf | Infinity",
        "-Infinity | -Infinity",
        "INF | Infinity",
        "NaN | NaN",
        "nan | NaN",
    })
    void readsWhatGoParseFloatAccepts(String literal, double expected) throws Exception {
        // Compared as bits: NaN equals NaN, and 0 is not -0.
        assertThat(Double.doubleToLongBits(text("a " + literal + "\n").get(0).value()))
                .isEqualTo(Double.doubleToLongBits(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0", "-0.0", "-0e5"})
    void keepsNegativeZero(String literal) throws Exception {
        assertThat(Double.doubleToRawLongBits(text("a " + literal + "\n").get(0).value()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "-", ".", "e3", "1e", "1e+", "1.2.3", "0x10", "0x", "0xp1", "0x1p", "1__0", "_1",
        "1_", "1_.5", "1._5", "-_1", "1e_1", "+nan", "-NaN", "infin", "info", "infinityy", "1d", "1f", "0b101",
        "1,0", "١", "--1", "1e3.5", "0x1.8p1.5"})
    void rejectsWhatGoParseFloatRejects(String literal) {
        failure(() -> text("a " + literal + "\n"), 1, "'" + literal + "' is not a number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e400", "-1e400", "0x1p2000", "1_0e999999999999"})
    void rejectsValuesOutOfDoubleRange(String literal) {
        failure(() -> text("a " + literal + "\n"), 1, "'" + literal + "' is out of range");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "0 | 0",
        "+5 | 5",
        "-0 | 0",
        "1395066363000 | 1395066363000",
        "9223372036854775807 | 9223372036854775807",
        "-9223372036854775807 | -9223372036854775807",
    })
    void readsInt64MillisecondTimestamps(String literal, long expected) throws Exception {
        assertThat(text("a 1 " + literal + "\n").get(0).timestampMillis()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "-9223372036854775809", "99999999999999999999999"})
    void rejectsTimestampsOutOfInt64Range(String literal) {
        failure(() -> text("a 1 " + literal + "\n"), 1, "'" + literal + "' is out of range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-9223372036854775808"})
    void rejectsTheTimestampThatMeansNone(String literal) {
        // Long.MIN_VALUE is ParsedSample.NO_TIMESTAMP: reading it would silently drop the timestamp.
        failure(() -> text("a 1 " + literal + "\n"), 1, "'" + literal + "' is out of range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "1e3", "0x10", "1_000", "+", "-", "NaN", "12a"})
    void rejectsTimestampsThatAreNoInteger(String literal) {
        failure(() -> text("a 1 " + literal + "\n"), 1, "'" + literal + "' is not a timestamp (integer milliseconds)");
    }
}
