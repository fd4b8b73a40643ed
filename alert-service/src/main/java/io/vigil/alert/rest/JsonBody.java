package io.vigil.alert.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.events.Json;
import io.vigil.support.rest.BadRequestException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a JSON request body field by field, so that every refusal names the property at fault
 * (binding to a class would leave that to Jackson's messages). Unknown properties are refused,
 * as in the config file: a typo must not silently do nothing.
 */
final class JsonBody {

    private JsonBody() {
    }

    /**
     * Reads a request body as JSON; an empty body is null. Resources take bodies as text and read
     * them here, so that malformed JSON gets the same problem body as every other refusal.
     */
    static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("body", "not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The body as an object; no body at all reads as an empty one. */
    static ObjectNode object(JsonNode body, Set<String> allowed) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return Json.mapper().createObjectNode();
        }
        if (!(body instanceof ObjectNode object)) {
            throw new BadRequestException("body", "the body must be a JSON object");
        }
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new BadRequestException(name,
                        "unknown property (expected one of " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
        return object;
    }

    static String text(ObjectNode body, String field, boolean required, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new BadRequestException(field, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw new BadRequestException(field, "must be a string");
        }
        String text = node.asText();
        if (required && text.isBlank()) {
            throw new BadRequestException(field, "must not be empty");
        }
        if (text.length() > maxLength) {
            throw new BadRequestException(field, "is " + text.length() + " characters long; at most " + maxLength);
        }
        return text;
    }

    static Instant instant(ObjectNode body, String field, boolean required) {
        String text = text(body, field, required, 64);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field,
                    "'" + text + "' is not an ISO-8601 instant such as 2026-11-21T10:00:00Z");
        }
    }

    static List<String> strings(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw new BadRequestException(field, "is required");
        }
        if (!node.isArray()) {
            throw new BadRequestException(field, "must be a list");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw new BadRequestException(field + "[" + i + "]", "must be a string");
            }
            out.add(node.get(i).asText());
        }
        return out;
    }
}
