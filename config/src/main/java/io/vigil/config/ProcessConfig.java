package io.vigil.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A process to watch, from the {@code processes:} section: the processes whose command line
 * matches {@code match} (anywhere in it, as {@code pgrep -f} does).
 *
 * @param name unique; the {@code process} label of its samples
 */
public record ProcessConfig(String name, Pattern match) {

    public ProcessConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(match, "match");
    }

    // Pattern has identity equality.
    @Override
    public boolean equals(Object o) {
        return o instanceof ProcessConfig p && name.equals(p.name) && match.pattern().equals(p.match.pattern());
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, match.pattern());
    }
}
