package io.vigil.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A process to watch, from the {@code processes:} section: the processes whose command line
 * matches {@code match} (anywhere in it, as {@code pgrep -f} does), optionally only those of one
 * user.
 *
 * @param name unique; the {@code process} label of its samples
 * @param user null: any user
 */
public record ProcessConfig(String name, Pattern match, String user) {

    public ProcessConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(match, "match");
    }

    /** Whether a process with this command line (and owner) is one of this entry's. */
    public boolean matches(String commandLine, String owner) {
        return commandLine != null && match.matcher(commandLine).find() && (user == null || user.equals(owner));
    }

    // Pattern has identity equality.
    @Override
    public boolean equals(Object o) {
        return o instanceof ProcessConfig p && name.equals(p.name) && match.pattern().equals(p.match.pattern())
                && Objects.equals(user, p.user);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, match.pattern(), user);
    }
}
