package io.vigil.alert.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.mutiny.sqlclient.Row;
import io.vigil.events.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Conversions between the reactive client's column types and ours, shared by the admin stores. */
final class Sql {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private Sql() {
    }

    static OffsetDateTime time(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    static Map<String, String> labels(String json) {
        return read(json, LABELS);
    }

    static List<String> strings(String json) {
        return read(json, STRINGS);
    }

    static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("schema alert holds a value that is not JSON: " + json, e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("schema alert holds JSON of an unexpected shape: " + json, e);
        }
    }
}
