package io.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Set;

/** Reads and writes a {@link Level} ({@code {above: 0.85, for: 5m}}) and checks how a rule's levels relate. */
final class LevelFormat {

    private LevelFormat() {
    }

    /** The level at {@code where}, or null when absent. */
    static Level read(JsonNode node, String where, Fields fields) {
        if (node == null || node.isNull()) {
            return null;
        }
        Fields.requireObject(node, where);
        Fields.checkKeys(node, where, Set.of("above", "below", "for"));
        boolean above = node.has("above");
        boolean below = node.has("below");
        if (above == below) {
            throw ConfigException.at(where, "needs exactly one of 'above' or 'below'");
        }
        String key = above ? "above" : "below";
        double threshold = fields.number(node.get(key), Fields.path(where, key));
        Duration forDuration = node.has("for") ? fields.duration(node.get("for"), Fields.path(where, "for"))
                : Duration.ZERO;
        return new Level(above ? Level.Direction.ABOVE : Level.Direction.BELOW, threshold, forDuration);
    }

    static ObjectNode write(Level level) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put(level.direction().key(), level.threshold());
        if (!level.forDuration().isZero()) {
            node.put("for", Durations.format(level.forDuration()));
        }
        return node;
    }

    /**
     * Critical must be at least as far past the threshold as warning, on the same side; clear (may be
     * null) must be on the other side with a gap, or the alert would flip on every sample.
     */
    static void check(String where, Level warning, Level critical, Level clear) {
        if (warning != null && critical != null) {
            if (warning.direction() != critical.direction()) {
                throw ConfigException.at(Fields.path(where, "critical"), "must use '" + warning.direction().key()
                        + "' like warning does");
            }
            boolean criticalIsWorse = warning.direction() == Level.Direction.ABOVE
                    ? critical.threshold() >= warning.threshold()
                    : critical.threshold() <= warning.threshold();
            if (!criticalIsWorse) {
                throw ConfigException.at(Fields.path(where, "critical." + critical.direction().key()),
                        "must be at least as far as warning's " + warning.threshold());
            }
        }
        if (clear != null) {
            Level fire = warning != null ? warning : critical;
            if (clear.direction() != fire.direction().opposite()) {
                throw ConfigException.at(Fields.path(where, "clear"), "must use '" + fire.direction().opposite().key()
                        + "' since the rule fires " + fire.direction().key() + " its threshold");
            }
            boolean clearIsSafe = fire.direction() == Level.Direction.ABOVE
                    ? clear.threshold() <= fire.threshold()
                    : clear.threshold() >= fire.threshold();
            if (!clearIsSafe) {
                throw ConfigException.at(Fields.path(where, "clear." + clear.direction().key()), clear.threshold()
                        + " is past the firing threshold " + fire.threshold() + "; hysteresis needs a gap");
            }
        }
    }
}
