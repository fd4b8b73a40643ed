package io.vigil.alert.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.config.ConfigLoader;
import io.vigil.config.MaintenanceConfig;
import io.vigil.config.RuleConfig;
import io.vigil.support.rest.BadRequestException;

/**
 * Reads rule and maintenance bodies with the config file's loader, so the API accepts exactly what
 * the file does; its {@link io.vigil.config.ConfigException} names the field and becomes a 400.
 */
final class Definitions {

    private static final ConfigLoader LOADER = ConfigLoader.all();

    private Definitions() {
    }

    static RuleConfig rule(JsonNode body) {
        return LOADER.parseRule(object(body));
    }

    static MaintenanceConfig maintenance(JsonNode body) {
        return LOADER.parseMaintenance(object(body));
    }

    /**
     * The body of a PUT to {@code /{name}}: the name may be left out (the path gives it), but one
     * that differs from the path would rename, which PUT does not do.
     */
    static ObjectNode named(JsonNode body, String name) {
        ObjectNode object = object(body).deepCopy();
        JsonNode given = object.get("name");
        if (given == null || given.isNull()) {
            object.put("name", name);
        } else if (!given.isTextual() || !given.asText().equals(name)) {
            throw new BadRequestException("name", "is '" + given.asText() + "' but the path names '" + name
                    + "'; to rename, create the new one and delete the old");
        }
        return object;
    }

    private static ObjectNode object(JsonNode body) {
        if (!(body instanceof ObjectNode object)) {
            throw new BadRequestException("body", "the body must be a JSON object");
        }
        return object;
    }
}
