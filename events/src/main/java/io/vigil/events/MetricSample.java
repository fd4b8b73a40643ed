package io.vigil.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;
import java.util.Objects;

/**
 * One observed value: a Prometheus-style name with its unit ({@code host_memory_available_bytes}),
 * labels that tell series apart ({@code mount="/"}) and the value.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MetricSample(String name, Map<String, String> labels, double value) {

    public MetricSample {
        Objects.requireNonNull(name, "name");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static MetricSample of(String name, double value) {
        return new MetricSample(name, Map.of(), value);
    }

    public static MetricSample of(String name, double value, String labelName, String labelValue) {
        return new MetricSample(name, Map.of(labelName, labelValue), value);
    }
}
