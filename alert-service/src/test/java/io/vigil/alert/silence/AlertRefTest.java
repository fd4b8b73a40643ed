package io.vigil.alert.silence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.Severity;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlertRefTest {

    @Test
    void attributesAreTheLabelsPlusRuleAndSeverity() {
        AlertRef alert = AlertRef.of(UUID.randomUUID(), "disk-full", Severity.CRITICAL, Map.of("host", "web-1"));

        assertThat(alert.attributes()).containsOnly(
                Map.entry("host", "web-1"), Map.entry("rule", "disk-full"), Map.entry("severity", "critical"));
    }

    @Test
    void ruleAndSeverityWinOverLabelsOfTheSameName() {
        Map<String, String> scraped = Map.of("rule", "from-exporter", "severity", "info", "host", "web-1");

        assertThat(AlertRef.attributes("disk-full", Severity.WARNING, scraped))
                .containsEntry("rule", "disk-full").containsEntry("severity", "warning");
        assertThat(AlertRef.attributes("disk-full", null, scraped))
                .as("an alert without a severity has none, whatever the series says")
                .doesNotContainKey("severity");
    }
}
