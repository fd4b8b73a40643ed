package io.vigil.collector.scrape;

/**
 * An exposition that does not parse: the whole scrape fails (as in Prometheus), and the target's
 * {@code up} sample is 0 with this message as the reason.
 */
public final class ExpositionException extends Exception {

    private final int line;

    public ExpositionException(int line, String reason) {
        super("line " + line + ": " + reason, null, false, false);
        this.line = line;
    }

    /** The 1-based line at fault. */
    public int line() {
        return line;
    }
}
