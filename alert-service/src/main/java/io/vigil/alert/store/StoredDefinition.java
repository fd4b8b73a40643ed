package io.vigil.alert.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A rule or maintenance window added through the API, as stored: its definition in the config
 * file's shape, and who added and last changed it.
 */
public record StoredDefinition(String name, ObjectNode definition, String createdBy, Instant createdAt,
        String updatedBy, Instant updatedAt) {
}
