package io.vigil.domain.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.config.ConfigWriter;
import io.vigil.domain.service.DomainRegistry;
import io.vigil.domain.store.FindingStore.StoredFinding;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A domain as the API shows it: its definition in the config file's shape, where it comes from,
 * and its state: the worst status of its latest findings ({@code ok}, {@code warn}, {@code fail};
 * absent before the first run) with how many findings are not OK.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DomainView(
        String name,
        String source,
        ObjectNode definition,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("updated_by") String updatedBy,
        String status,
        Integer problems,
        @JsonProperty("checked_at") Instant checkedAt) {

    private static final List<String> ORDER = List.of("OK", "WARN", "FAIL");

    static DomainView of(DomainRegistry.Entry e, List<StoredFinding> findings) {
        String worst = null;
        int problems = 0;
        Instant checked = null;
        for (StoredFinding f : findings) {
            if (worst == null || ORDER.indexOf(f.status()) > ORDER.indexOf(worst)) {
                worst = f.status();
            }
            if (!"OK".equals(f.status())) {
                problems++;
            }
            if (checked == null || f.checkedAt().isAfter(checked)) {
                checked = f.checkedAt();
            }
        }
        return new DomainView(e.domain().name(), e.source().label(), ConfigWriter.domain(e.domain()), e.createdAt(),
                e.updatedAt(), e.updatedBy(), worst == null ? null : worst.toLowerCase(Locale.ROOT),
                worst == null ? null : problems, checked);
    }
}
