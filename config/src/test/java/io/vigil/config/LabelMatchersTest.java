package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelMatchersTest {

    @Test
    void emptyMatchersMatchEverything() {
        assertThat(LabelMatchers.matches(Map.of(), Map.of("host", "a"))).isTrue();
    }

    @Test
    void everyMatcherMustEqualItsLabel() {
        Map<String, String> labels = Map.of("host", "web-1", "mount", "/");
        assertThat(LabelMatchers.matches(Map.of("mount", "/"), labels)).isTrue();
        assertThat(LabelMatchers.matches(Map.of("mount", "/", "host", "web-2"), labels)).isFalse();
    }

    @Test
    void aMissingLabelNeverMatches() {
        assertThat(LabelMatchers.matches(Map.of("mount", "/"), Map.of("host", "web-1"))).isFalse();
    }
}
