package io.vigil.events;

/**
 * Header names on dead-letter records. They match the names SmallRye's own dead-letter strategy
 * writes, so one consumer of a {@code *-dlq} topic can read both.
 */
public final class DeadLetterHeaders {

    /** Why the record was rejected, one line, never a secret. */
    public static final String REASON = "dead-letter-reason";
    /** The exception class or failure kind behind the reason. */
    public static final String CAUSE = "dead-letter-cause";
    /** Topic the record was read from. */
    public static final String TOPIC = "dead-letter-topic";
    /** Partition the record was read from. */
    public static final String PARTITION = "dead-letter-partition";
    /** Offset the record was read from. */
    public static final String OFFSET = "dead-letter-offset";

    private DeadLetterHeaders() {
    }
}
