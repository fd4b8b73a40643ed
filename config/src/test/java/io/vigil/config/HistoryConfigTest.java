package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code history:} section: retention of the metric rollups, 15 days unless said, at least a day. */
class HistoryConfigTest {

    private final ConfigLoader loader = ConfigLoader.forSections(ConfigLoader.Section.HISTORY);

    @Test
    void retentionDefaultsToFifteenDays() {
        assertThat(loader.parse("rules: []").history().retention()).isEqualTo(Duration.ofDays(15));
        assertThat(loader.parse("history: {}").history().retention()).isEqualTo(Duration.ofDays(15));
    }

    @Test
    void retentionIsReadAsADuration() {
        assertThat(loader.parse("history: {retention: 2w}").history().retention()).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void unknownKeysAndShortRetentionsAreRefusedNamingTheField() {
        ConfigException typo = catchThrowableOfType(() -> loader.parse("history: {retension: 3d}"),
                ConfigException.class);
        assertThat(typo.field()).isEqualTo("history.retension");
        assertThat(typo.problem()).contains("unknown key").contains("retention");

        ConfigException shortOne = catchThrowableOfType(() -> loader.parse("history: {retention: 2h}"),
                ConfigException.class);
        assertThat(shortOne.field()).isEqualTo("history.retention");
        assertThat(shortOne.problem()).contains("below the minimum of 1d");

        ConfigException bad = catchThrowableOfType(() -> loader.parse("history: {retention: soon}"),
                ConfigException.class);
        assertThat(bad.field()).isEqualTo("history.retention");
    }
}
