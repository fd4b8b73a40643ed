package io.vigil.collector.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProcTextTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"0.52", "0.00", "12.5", "350735.47", "234388.90", "1", "0.1", "0.7", "999999.99",
            "3.14159265358979", "-0.5", "123456789.123"})
    void decimalsReadExactlyAsParseDoubleReadsThem(String number) {
        assertThat(ProcText.of(number + " rest").nextDecimal()).isEqualTo(Double.parseDouble(number));
    }

    @Test
    void numbersAndWordsAreReadInTurn() {
        ProcText text = ProcText.of("  eth0:123 -4\tword\nnext 9223372036854775807\n");

        assertThat(text.nextWord(':')).isEqualTo("eth0");
        assertThat(text.nextLong()).isEqualTo(123);
        assertThat(text.nextLong()).isEqualTo(-4);
        assertThat(text.nextWord()).isEqualTo("word");
        assertThat(text.atLineEnd()).isTrue();
        assertThat(text.nextWord()).as("a word never crosses a line").isEmpty();
        assertThat(text.nextLine()).isTrue();
        assertThat(text.skipIf("next")).isTrue();
        assertThat(text.nextLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(text.nextLine()).isFalse();
        assertThat(text.atEnd()).isTrue();
    }

    @Test
    void aMissingNumberIsAnError() {
        assertThatThrownBy(() -> ProcText.of("abc").nextLong()).isInstanceOf(NumberFormatException.class)
                .hasMessageContaining("'abc'");
        assertThatThrownBy(() -> ProcText.of("99999999999999999999").nextLong())
                .isInstanceOf(NumberFormatException.class).hasMessageContaining("too large");
    }

    @Test
    void readsFilesLargerThanItsBufferAndReusesIt() throws IOException {
        String big = "x".repeat(40_000) + "\n";
        Files.writeString(dir.resolve("big"), big);
        Files.writeString(dir.resolve("small"), "42\n");
        ProcText text = new ProcText(16);

        assertThat(text.read(dir.resolve("big").toFile())).isTrue();
        assertThat(text.content()).isEqualTo(big);
        assertThat(text.read(dir.resolve("small").toFile())).isTrue();
        assertThat(text.length()).isEqualTo(3);
        assertThat(text.nextLong()).isEqualTo(42);
    }

    @Test
    void aMissingFileIsFalseAndEmpty() {
        ProcText text = ProcText.of("old");

        assertThat(text.read(dir.resolve("absent").toFile())).isFalse();
        assertThat(text.length()).isZero();
    }

    @Test
    void contentComparesWithACopyWithoutParsing() {
        ProcText text = ProcText.of("22 1 8:2 / / rw - ext4 /dev/sda2 rw\n");
        byte[] copy = text.copyContent();

        assertThat(text.contentEquals(copy, copy.length)).isTrue();
        assertThat(ProcText.of("22 1 8:2 / / rw - ext4 /dev/sda3 rw\n").contentEquals(copy, copy.length)).isFalse();
        assertThat(ProcText.of("22").contentEquals(copy, copy.length)).isFalse();
    }
}
