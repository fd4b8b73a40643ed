package io.vigil.health.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.config.ConfigWriter;
import io.vigil.events.HealthResult;
import io.vigil.health.service.CheckRegistry;
import java.time.Instant;
import java.util.Map;

/**
 * A check as the API shows it: its definition in the config file's shape with every secret masked
 * ({@code ******}; a {@code ${VAR}} reference is shown, it names a variable and holds no secret),
 * where it comes from, and its latest result.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckView(
        String name,
        String type,
        String source,
        ObjectNode definition,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("updated_by") String updatedBy,
        Last last) {

    /** The latest result: status, when, how long, and what failed. */
    public record Last(String status, @JsonProperty("checked_at") Instant checkedAt,
            @JsonProperty("latency_ms") long latencyMillis, String message, Map<String, String> details) {

        static Last of(HealthResult r) {
            return r == null ? null : new Last(r.status().label(), r.occurredAt(), r.latencyMillis(), r.message(),
                    r.details());
        }
    }

    static CheckView of(CheckRegistry.Entry e, HealthResult last) {
        return new CheckView(e.check().name(), e.check().type(), e.source().label(), ConfigWriter.maskedCheck(e.check()),
                e.createdAt(), e.updatedAt(), e.updatedBy(), Last.of(last));
    }
}
