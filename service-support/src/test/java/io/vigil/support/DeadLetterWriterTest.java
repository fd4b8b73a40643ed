package io.vigil.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadLetterWriterTest {

    @Test
    void reasonIsOneLine() {
        assertThat(DeadLetterWriter.reasonLine("not a valid MetricBatch:\n  at line 1\tcolumn 2"))
                .isEqualTo("not a valid MetricBatch: at line 1 column 2");
    }

    @Test
    void longReasonIsCutWithAnEllipsis() {
        String reason = DeadLetterWriter.reasonLine("x".repeat(2000));
        assertThat(reason).hasSize(DeadLetterWriter.MAX_REASON).endsWith("…");
    }

    @Test
    void missingReasonSaysUnreadable() {
        assertThat(DeadLetterWriter.reasonLine(null)).isEqualTo("unreadable record");
    }
}
