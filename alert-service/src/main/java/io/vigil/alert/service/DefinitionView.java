package io.vigil.alert.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alert.store.StoredDefinition;
import java.time.Instant;

/**
 * A rule or maintenance window as the API shows it: where it comes from ({@code file}: provisioned
 * from the config file, read-only here; {@code api}: added through the API) and its definition in
 * the shape the API accepts. Who added and changed it is known for {@code api} ones only.
 *
 * @param openNow for a maintenance window, whether it is open at the time of the request; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DefinitionView(String name, String source, ObjectNode definition, Boolean openNow, String createdBy,
        Instant createdAt, String updatedBy, Instant updatedAt) {

    public static final String FILE = "file";
    public static final String API = "api";

    static DefinitionView provisioned(String name, ObjectNode definition, Boolean openNow) {
        return new DefinitionView(name, FILE, definition, openNow, null, null, null, null);
    }

    static DefinitionView stored(StoredDefinition d, Boolean openNow) {
        return new DefinitionView(d.name(), API, d.definition(), openNow, d.createdBy(), d.createdAt(), d.updatedBy(),
                d.updatedAt());
    }
}
