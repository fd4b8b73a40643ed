package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "100, 100", "100B, 100", "512KB, 524288", "512KiB, 524288", "5MB, 5242880", "5mb, 5242880",
        "5 MiB, 5242880", "1GB, 1073741824", "2GiB, 2147483648", "0, 0"
    })
    void unitsArePowersOf1024AsInPrometheus(String text, long bytes) {
        assertThat(ByteSizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MB", "5TB", "-1MB", "1.5MB", "5 megs", "99999999999999999GB"})
    void anythingElseIsRefusedSayingWhatIsAccepted(String text) {
        assertThatThrownBy(() -> ByteSizes.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"5242880, 5MiB", "1572864, 1536KiB", "100, 100B", "0, 0B", "1073741824, 1GiB"})
    void formatUsesTheLargestWholeUnitAndReadsBack(long bytes, String text) {
        assertThat(ByteSizes.format(bytes)).isEqualTo(text);
        assertThat(ByteSizes.parse(text)).isEqualTo(bytes);
    }
}
