package io.vigil.alert.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourcePassThroughTest {

    @Test
    void aNameBecomesOneEncodedSegmentThatCannotWalkThePath() {
        assertThat(SourcePassThrough.segment("web check/1")).isEqualTo("web%20check%2F1");
        assertThat(SourcePassThrough.segment("a?b#c")).isEqualTo("a%3Fb%23c");
        assertThat(SourcePassThrough.segment("..")).isEqualTo("%2E%2E");
        assertThat(SourcePassThrough.segment(".")).isEqualTo("%2E");
        assertThat(SourcePassThrough.segment("db.internal")).isEqualTo("db.internal");
    }
}
