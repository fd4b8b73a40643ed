package io.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * How one rule kind reads and writes its own keys of a rule object (the keys every rule shares are
 * {@link RuleFormat}'s). Registered by type in {@link RuleKinds}.
 */
interface RuleKindFormat {

    /** The {@code type:} value. */
    String type();

    /** The keys this kind adds to the ones every rule has. */
    Set<String> keys();

    /** Reads the kind from a rule object whose keys were already checked; {@code where} names the rule. */
    RuleKind read(JsonNode rule, String where, Fields fields);

    /** Writes the kind's keys into {@code rule}, in the shape {@link #read} takes. */
    void write(RuleKind kind, ObjectNode rule);

    /** The summary used when the rule has none. */
    String defaultSummary(RuleKind kind);
}
