package io.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.regex.Pattern;

/** One watched process, as in the {@code processes:} section. */
final class ProcessFormat {

    private ProcessFormat() {
    }

    static ProcessConfig read(JsonNode node, String where, Fields fields) {
        Fields.requireObject(node, where);
        String name = fields.name(node, where);
        String at = Fields.named(where, name);
        Fields.checkKeys(node, at, Set.of("name", "match"));
        String match = fields.requiredText(node, "match", at);
        Pattern pattern = ScrapeFormat.regex(match, Fields.path(at, "match"));
        return new ProcessConfig(name, pattern);
    }

    /** The entry in the shape {@link #read} takes. */
    static ObjectNode write(ProcessConfig p) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", p.name());
        node.put("match", p.match().pattern());
        return node;
    }
}
