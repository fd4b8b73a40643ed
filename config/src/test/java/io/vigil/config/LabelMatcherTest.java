package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelMatcherTest {

    // labels: name=value pairs separated by ';', '-' for none.
    @ParameterizedTest(name = "[{index}] {0} on {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            host="web-1"        | host=web-1         | true
            host="web-1"        | host=web-2         | false
            host="web-1"        | -                  | false
            host=""             | -                  | true
            host=""             | host=web-1         | false
            host!="web-1"       | -                  | true
            host!="web-1"       | host=web-1         | false
            host!="web-1"       | host=web-2         | true
            host=~"web-.*"      | host=web-1         | true
            host=~"web-.*"      | host=xweb-1        | false
            host=~"web-[0-9]"   | host=web-12        | false
            'host=~"web-1|db-1"' | host=db-1        | true
            host=~".*"          | -                  | true
            host=~".+"          | -                  | false
            host!~"web-.*"      | -                  | true
            host!~"web-.*"      | host=web-1         | false
            host!~"web-.*"      | host=xweb-1        | true
            host=web-1          | host=web-1         | true
            'host = "a b"'      | host=a b           | true
            env!="test"         | env=test;host=a    | false
            """)
    void matchesAsPrometheusDoes(String matcher, String labels, boolean expected) {
        assertThat(LabelMatcher.parse(matcher).matches(labels(labels))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            host                | is not a matcher
            1host="a"           | is not a matcher
            host=="a"           | is not a matcher
            host~"a"            | is not a matcher
            host=~"web-("       | 'web-(' is not a valid regex
            """)
    void refusesWhatItCannotRead(String text, String message) {
        assertThatThrownBy(() -> LabelMatcher.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void readsBackWhatItWrites() {
        LabelMatcher tricky = LabelMatcher.of("path", LabelMatcher.Op.NOT_REGEX, "C:\\\\tmp\\\\.*\"x\"");

        assertThat(tricky.toString()).isEqualTo("path!~\"C:\\\\\\\\tmp\\\\\\\\.*\\\"x\\\"\"");
        assertThat(LabelMatcher.parse(tricky.toString())).isEqualTo(tricky);
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new HashMap<>();
        if (!text.equals("-")) {
            for (String pair : text.split(";")) {
                String[] kv = pair.split("=", 2);
                labels.put(kv[0], kv[1]);
            }
        }
        return labels;
    }
}
