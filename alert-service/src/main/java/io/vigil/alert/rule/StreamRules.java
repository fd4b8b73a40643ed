package io.vigil.alert.rule;

import java.util.function.Supplier;

/**
 * The current rules of one stream ({@link RuleBook#forStream}), worked out once per version of the
 * whole rule set rather than once per batch.
 */
public final class StreamRules implements Supplier<RuleBook> {

    private final Supplier<RuleBook> all;
    private final String stream;
    private volatile RuleBook current;

    public StreamRules(Supplier<RuleBook> all, String stream) {
        this.all = all;
        this.stream = stream;
    }

    @Override
    public RuleBook get() {
        RuleBook book = all.get();
        RuleBook mine = current;
        if (mine == null || mine.version() != book.version()) {
            // Two threads may both work it out: the same answer either way.
            mine = book.forStream(stream);
            current = mine;
        }
        return mine;
    }
}
