package io.vigil.events;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The one way Vigil writes a sample value for people: an alert's summary and the fields of a
 * Mattermost post must show the same number for the same value.
 */
public final class Values {

    private Values() {
    }

    /**
     * Whole numbers without decimals ({@code 16777216}), others with at most four significant
     * digits ({@code 0.9731}, {@code 12.35}); NaN and infinities as {@code n/a}.
     */
    public static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        BigDecimal d = new BigDecimal(value).round(new MathContext(4));
        return d.stripTrailingZeros().toPlainString();
    }
}
