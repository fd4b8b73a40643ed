package io.vigil.support.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of a POST or PUT that carries one definition in the config file's shape (a check, a
 * domain): parsed as JSON so malformed text is a 400 problem naming {@code body}, with the path's
 * name filled in on PUT when the body leaves it out. The config loader then validates it field by field.
 */
public final class DefinitionBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DefinitionBodies() {
    }

    /** The body as a tree (null when empty); on PUT ({@code pathName} not null) the name may be left out. */
    public static JsonNode parse(String body, String pathName) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("body", "not valid JSON: " + e.getOriginalMessage());
        }
        if (pathName != null && node instanceof ObjectNode o && !o.has("name")) {
            o.put("name", pathName);
        }
        return node;
    }
}
