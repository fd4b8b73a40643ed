package io.vigil.alert.pipeline;

/** One consumed record ({@code metrics}, {@code health-results}, {@code domain-findings}), as the pipeline sees it: no Kafka types, so stages test in plain Java. */
public record IncomingRecord(String topic, int partition, long offset, String key, String value) {
}
