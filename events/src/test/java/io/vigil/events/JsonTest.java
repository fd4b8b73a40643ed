package io.vigil.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static final EventSource SOURCE = new EventSource("collector-service", "web-1");

    @Test
    void metricBatchSurvivesRoundTrip() {
        MetricBatch batch = MetricBatch.of(SOURCE, "web-1", Instant.parse("2026-11-21T10:00:00.123Z"), List.of(
                MetricSample.of("host_cpu_usage_ratio", 0.42),
                MetricSample.of("host_filesystem_used_ratio", 0.7, "mount", "/")));

        MetricBatch back = Json.read(Json.write(batch), MetricBatch.class);

        assertThat(back).isEqualTo(batch);
    }

    @Test
    void instantsAreWrittenAsIsoText() {
        MetricBatch batch = MetricBatch.of(SOURCE, "web-1", Instant.parse("2026-11-21T10:00:00Z"), List.of());

        assertThat(Json.write(batch)).contains("\"occurredAt\":\"2026-11-21T10:00:00Z\"");
    }

    @Test
    void notificationSurvivesRoundTripWithLowerCaseEnums() {
        UUID alertId = UUID.randomUUID();
        Notification n = new Notification(Notification.idFor(alertId, 2), Instant.parse("2026-11-21T10:00:00Z"),
                new EventSource("alert-service", "vigil"), Notification.SCHEMA_VERSION, NotificationKind.SEVERITY_CHANGED,
                alertId, "abc123", 2, "high-cpu", Severity.CRITICAL, Severity.WARNING, "CPU on web-1 at 0.97",
                Map.of("host", "web-1"), 0.97, Instant.parse("2026-11-21T09:55:00Z"));

        String json = Json.write(n);

        assertThat(json).contains("\"kind\":\"severity_changed\"", "\"severity\":\"critical\"");
        assertThat(Json.read(json, Notification.class)).isEqualTo(n);
    }

    @Test
    void alertEventSurvivesRoundTrip() {
        AlertEvent e = new AlertEvent(UUID.randomUUID(), Instant.parse("2026-11-21T10:00:00Z"), SOURCE, 1,
                UUID.randomUUID(), "fp", 1, "high-cpu", null, AlertState.FIRING, Severity.WARNING,
                Map.of("host", "web-1"), 0.9, "CPU high", Instant.parse("2026-11-21T09:59:00Z"));

        assertThat(Json.read(Json.write(e), AlertEvent.class)).isEqualTo(e);
    }

    @Test
    void unknownFieldsAreIgnored() {
        String json = """
                {"eventId":"7b0c1f5e-8a6f-4d33-9a57-2f7f2f1f6a01","occurredAt":"2026-11-21T10:00:00Z",
                 "source":{"service":"collector-service","host":"web-1","region":"eu"},
                 "schemaVersion":2,"host":"web-1","addedLater":{"x":1},
                 "samples":[{"name":"host_load1","labels":{},"value":1.5,"unit":"none"}]}
                """;

        MetricBatch batch = Json.read(json, MetricBatch.class);

        assertThat(batch.schemaVersion()).isEqualTo(2);
        assertThat(batch.samples()).containsExactly(MetricSample.of("host_load1", 1.5));
    }

    @Test
    void missingRequiredFieldIsAFormatErrorNamingIt() {
        String json = "{\"occurredAt\":\"2026-11-21T10:00:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\"}";

        assertThatThrownBy(() -> Json.read(json, MetricBatch.class))
                .isInstanceOf(Json.EventFormatException.class)
                .hasMessageContaining("MetricBatch")
                .hasMessageContaining("eventId");
    }

    @Test
    void garbageIsAFormatError() {
        assertThatThrownBy(() -> Json.read("not json", MetricBatch.class)).isInstanceOf(Json.EventFormatException.class);
        assertThatThrownBy(() -> Json.read("", MetricBatch.class)).isInstanceOf(Json.EventFormatException.class);
        assertThatThrownBy(() -> Json.read("null", MetricBatch.class)).isInstanceOf(Json.EventFormatException.class);
    }

    @Test
    void notificationIdIsStablePerTransition() {
        UUID alertId = UUID.randomUUID();

        assertThat(Notification.idFor(alertId, 1)).isEqualTo(Notification.idFor(alertId, 1));
        assertThat(Notification.idFor(alertId, 1)).isNotEqualTo(Notification.idFor(alertId, 2));
    }

    @Test
    void deadLetterTopicIsTopicPlusDlq() {
        assertThat(Topics.deadLetterOf(Topics.METRICS)).isEqualTo(Topics.METRICS_DLQ);
        assertThat(Topics.deadLetterOf(Topics.NOTIFICATIONS)).isEqualTo(Topics.NOTIFICATIONS_DLQ);
    }
}
