package io.vigil.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One step of a route's {@code escalate:} list: when an incident the route posted is still firing and
 * nobody acknowledged it {@code after} its first post, tell {@code target} (or, without one, the
 * route's own destinations) and put {@code mention} in the post.
 *
 * @param target where the escalation goes; null: the route's destinations
 * @param mention e.g. {@code @oncall} or {@code @channel}; null: none
 */
public record EscalationStep(Duration after, String mention, MattermostTarget target) {

    public EscalationStep {
        Objects.requireNonNull(after, "after");
        if (mention == null && target == null) {
            throw new IllegalArgumentException("an escalation step needs a mention or a destination");
        }
    }
}
