package io.vigil.config;

import java.nio.file.Path;

/**
 * A config file (or API body) that cannot be used; the message names the file, the rule or route,
 * and the field, and {@link #field()} holds that path on its own so the API can answer 400 with it.
 */
public class ConfigException extends RuntimeException {

    private final String field;
    private final String problem;

    /** A problem not about one field (a missing file, YAML that does not parse). */
    public ConfigException(String message) {
        this(message, null, message, null);
    }

    public ConfigException(String message, Throwable cause) {
        this(message, null, message, cause);
    }

    private ConfigException(String message, String field, String problem, Throwable cause) {
        super(message, cause);
        this.field = field;
        this.problem = problem;
    }

    /**
     * A problem with the field at {@code field} ({@code rules[0] (high-cpu).warning.abve}); the
     * message is {@code field: problem}. An empty path means the object itself, so no field.
     */
    public static ConfigException at(String field, String problem) {
        if (field == null || field.isEmpty()) {
            return new ConfigException(problem, null, problem, null);
        }
        return new ConfigException(field + ": " + problem, field, problem, null);
    }

    /** The same problem with the file named in front of the message; the field path stays as it was. */
    ConfigException inFile(Path file) {
        return new ConfigException(file + ": " + getMessage(), field, problem, this);
    }

    /** The path of the field the problem is about, or null when it is not about one field. */
    public String field() {
        return field;
    }

    /** The message without the field path in front ({@code unknown key (expected one of ...)}). */
    public String problem() {
        return problem;
    }
}
