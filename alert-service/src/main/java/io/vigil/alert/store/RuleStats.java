package io.vigil.alert.store;

/**
 * How one rule's alerts went in a time range.
 *
 * @param fired alerts of the rule that fired in the range
 * @param meanTimeToAcknowledgeSeconds mean of acknowledged-at minus fired-at over those acknowledged; null if none was
 * @param meanTimeToResolveSeconds mean of resolved-at minus fired-at over those resolved; null if none was
 * @param flapping alerts among them marked as flapping
 */
public record RuleStats(String rule, long fired, Double meanTimeToAcknowledgeSeconds, Double meanTimeToResolveSeconds,
        long flapping) {
}
