package io.vigil.collector.process;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named set of processes to watch, such as every {@code node .*server.js}: the unit that PM2's
 * exporter calls an app. {@code match} is searched ({@link java.util.regex.Matcher#find()}) in the
 * full command line, arguments joined by single spaces as {@code ps -o args} shows it, so an
 * unanchored pattern matches anywhere in it.
 */
public record ProcessGroup(String name, Pattern match) {

    public ProcessGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(match, "match");
        if (name.isBlank()) {
            throw new IllegalArgumentException("process group name is blank (match " + match + ")");
        }
    }

    /** Whether {@code commandLine} belongs to this group. */
    public boolean matches(String commandLine) {
        return match.matcher(commandLine).find();
    }
}
