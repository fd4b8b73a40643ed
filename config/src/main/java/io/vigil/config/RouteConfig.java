package io.vigil.config;

import java.util.Map;
import java.util.Objects;

/**
 * A route from the {@code routes:} section: the first route whose {@code match} holds takes the
 * notification.
 *
 * @param match equality matchers on {@code severity}, {@code rule}, {@code kind} or any alert label;
 *     empty matches everything
 */
public record RouteConfig(String name, Map<String, String> match, MattermostTarget mattermost) {

    public RouteConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mattermost, "mattermost");
        match = match == null ? Map.of() : Map.copyOf(match);
    }

    /** Whether this route takes a notification with these attributes (severity, rule, kind, labels). */
    public boolean matches(Map<String, String> attributes) {
        return LabelMatchers.matches(match, attributes);
    }
}
