package io.vigil.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as Prometheus writes {@code body_size_limit}: a whole number and a unit, {@code 512KB},
 * {@code 5MB}, {@code 1GB}; the units are powers of 1024 (so {@code KiB}, {@code MiB} and
 * {@code GiB} mean the same), {@code B} or no unit is bytes.
 */
public final class ByteSizes {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(B|KB|KIB|MB|MIB|GB|GIB)?");
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB"};

    private ByteSizes() {
    }

    /** The size in bytes, or {@link IllegalArgumentException} saying what is accepted. */
    public static long parse(String text) {
        String s = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (use e.g. 512KB, 5MB, 1GB)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        int shift = unit.startsWith("K") ? 10 : unit.startsWith("M") ? 20 : unit.startsWith("G") ? 30 : 0;
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return n << shift;
    }

    /** The largest whole unit: {@code 5MiB}, {@code 1536KiB}, {@code 100B}. */
    public static String format(long bytes) {
        int unit = 0;
        long n = bytes;
        while (unit < UNITS.length - 1 && n != 0 && n % 1024 == 0) {
            n /= 1024;
            unit++;
        }
        return n + UNITS[unit];
    }
}
