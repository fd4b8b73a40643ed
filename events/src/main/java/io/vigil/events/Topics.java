package io.vigil.events;

import java.util.List;

/**
 * Every Kafka topic Vigil uses. The SmallRye channel name equals the topic name, so these
 * constants serve as both in production code and tests.
 */
public final class Topics {

    /** {@link MetricBatch} records, keyed by host id. */
    public static final String METRICS = "metrics";
    /** Records from {@link #METRICS} that could not be read, with the reason in headers. */
    public static final String METRICS_DLQ = "metrics-dlq";
    /** {@link HealthResult} records, keyed by check id. */
    public static final String HEALTH_RESULTS = "health-results";
    /** Records from {@link #HEALTH_RESULTS} that could not be read, with the reason in headers. */
    public static final String HEALTH_RESULTS_DLQ = "health-results-dlq";
    /** {@link DomainFinding} records, keyed by domain name. */
    public static final String DOMAIN_FINDINGS = "domain-findings";
    /** Records from {@link #DOMAIN_FINDINGS} that could not be read, with the reason in headers. */
    public static final String DOMAIN_FINDINGS_DLQ = "domain-findings-dlq";
    /** {@link AlertEvent} records (state transitions), keyed by alert fingerprint. */
    public static final String ALERTS = "alerts";
    /** {@link Notification} records, keyed by alert fingerprint. */
    public static final String NOTIFICATIONS = "notifications";
    /** Notifications that could not be delivered or read, with the reason in headers. */
    public static final String NOTIFICATIONS_DLQ = "notifications-dlq";

    /** All topics, in the order the launcher creates them. */
    public static final List<String> ALL = List.of(METRICS, METRICS_DLQ, HEALTH_RESULTS, HEALTH_RESULTS_DLQ,
            DOMAIN_FINDINGS, DOMAIN_FINDINGS_DLQ, ALERTS, NOTIFICATIONS, NOTIFICATIONS_DLQ);

    private Topics() {
    }

    /** The dead-letter topic of a topic: {@code <topic>-dlq}. */
    public static String deadLetterOf(String topic) {
        return topic + "-dlq";
    }
}
