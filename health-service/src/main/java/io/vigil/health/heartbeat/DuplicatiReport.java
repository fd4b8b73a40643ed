package io.vigil.health.heartbeat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What one Duplicati backup report says, whichever shape it came in (see {@link DuplicatiReports}).
 *
 * <p>Everything but {@code result} may be missing from a real report (a fatal text report has no
 * sizes, an old JSON one no backup name), so those fields are nullable rather than zero: a zero
 * would read as "examined 0 bytes".
 *
 * @param operation Duplicati's {@code MainOperation}, e.g. {@code Backup}; null when not said
 * @param warnings how many warnings Duplicati counted ({@code WarningsActualLength}), which can be
 *     more than {@code warningMessages} holds
 * @param warningMessages the first few warnings, one line each, bounded in number and length
 * @param errorMessages the first few errors (for a fatal report, the exception message first)
 */
public record DuplicatiReport(Result result, String operation, String backupName, Instant beginTime,
        Instant endTime, Duration duration, Long examinedBytes, Long addedBytes, int warnings, int errors,
        List<String> warningMessages, List<String> errorMessages) {

    /** Duplicati's {@code ParsedResultType}, plus UNKNOWN for a report that does not say. */
    public enum Result {
        SUCCESS, WARNING, ERROR, FATAL, UNKNOWN;

        /** Reads Duplicati's {@code Success}/{@code Warning}/{@code Error}/{@code Fatal} in any case; UNKNOWN otherwise. */
        public static Result parse(String text) {
            if (text != null) {
                for (Result r : values()) {
                    if (r.name().equalsIgnoreCase(text.trim())) {
                        return r;
                    }
                }
            }
            return UNKNOWN;
        }

        /** A backup that finished and stored a version: what the "last successful backup" age counts. */
        public boolean successful() {
            return this == SUCCESS || this == WARNING;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public DuplicatiReport {
        Objects.requireNonNull(result, "result");
        warningMessages = warningMessages == null ? List.of() : List.copyOf(warningMessages);
        errorMessages = errorMessages == null ? List.of() : List.copyOf(errorMessages);
        warnings = Math.max(warnings, 0);
        errors = Math.max(errors, 0);
    }

    /**
     * Whether this report is about a backup. Duplicati only reports backups unless
     * {@code --send-http-any-operation} is set; a successful restore or compact must not count
     * as a backup, but a report that does not name its operation is taken as one.
     */
    public boolean isBackup() {
        return operation == null || operation.isBlank() || operation.trim().equalsIgnoreCase("Backup");
    }
}
