package io.vigil.config;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;

/**
 * A parsed five-field cron expression (minute hour day-of-month month day-of-week), as Vixie cron
 * reads it: {@code *}, numbers, lists, ranges, steps ({@code *}{@code /n}, {@code a-b/n}), names
 * JAN-DEC and SUN-SAT in any case, 0 and 7 both Sunday. Each field is a bit set, so matching a
 * minute is a few mask operations.
 */
final class CronExpression {

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private final long minutes;
    private final long hours;
    private final long daysOfMonth;
    private final long months;
    private final long daysOfWeek;
    /**
     * Vixie cron's rule: when both day fields are restricted (neither starts with {@code *}), a day
     * matches if either matches; otherwise both must. So {@code 0 0 1 * MON} is "the 1st and every
     * Monday", while {@code 0 0 *}{@code /2 * MON} is "odd days that are Mondays".
     */
    private final boolean eitherDay;

    private CronExpression(long minutes, long hours, long daysOfMonth, long months, long daysOfWeek,
            boolean eitherDay) {
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.eitherDay = eitherDay;
    }

    /**
     * Parses an expression.
     *
     * @throws IllegalArgumentException naming the field and the value that is wrong
     */
    static CronExpression parse(String expression) {
        String[] f = expression == null ? new String[0] : expression.trim().split("\\s+");
        if (f.length != 5 || f[0].isEmpty()) {
            int count = f.length == 1 && f[0].isEmpty() ? 0 : f.length;
            throw new IllegalArgumentException("'" + expression + "' has " + count
                    + " fields; cron needs 5: minute hour day-of-month month day-of-week");
        }
        long minutes = field(f[0], "minute", 0, 59, null);
        long hours = field(f[1], "hour", 0, 23, null);
        long dom = field(f[2], "day-of-month", 1, 31, null);
        long months = field(f[3], "month", 1, 12, MONTHS);
        long dow = field(f[4], "day-of-week", 0, 7, DAYS);
        if ((dow & (1L << 7)) != 0) {
            dow = (dow | 1L) & ~(1L << 7);
        }
        return new CronExpression(minutes, hours, dom, months, dow, !f[2].startsWith("*") && !f[4].startsWith("*"));
    }

    private static long field(String text, String field, int min, int max, List<String> names) {
        long bits = 0;
        for (String item : text.split(",", -1)) {
            if (item.isEmpty()) {
                throw new IllegalArgumentException(field + " '" + text + "' has an empty list item");
            }
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                String s = item.substring(slash + 1);
                if (!s.matches("\\d{1,4}") || Integer.parseInt(s) < 1) {
                    throw new IllegalArgumentException(field + " '" + item + "' needs a step of 1 or more after '/'");
                }
                step = Integer.parseInt(s);
            }
            int lo;
            int hi;
            int dash = range.indexOf('-');
            if (range.equals("*")) {
                lo = min;
                hi = max;
            } else if (dash > 0) {
                lo = value(range.substring(0, dash), item, field, min, max, names);
                hi = value(range.substring(dash + 1), item, field, min, max, names);
                if (names == DAYS && hi == 0 && lo > 0) {
                    hi = 7; // SAT-SUN: Sunday as the end of a range is 7
                }
                if (lo > hi) {
                    throw new IllegalArgumentException(field + " '" + item + "' is a range that runs backwards");
                }
            } else {
                if (slash >= 0) {
                    throw new IllegalArgumentException(field + " '" + item + "': a step needs * or a range before it,"
                            + " e.g. " + range + "-" + max + "/" + step);
                }
                lo = value(range, item, field, min, max, names);
                hi = lo;
            }
            for (int v = lo; v <= hi; v += step) {
                bits |= 1L << v;
            }
        }
        return bits;
    }

    private static int value(String text, String item, String field, int min, int max, List<String> names) {
        if (text.matches("\\d{1,4}")) {
            int v = Integer.parseInt(text);
            if (v < min || v > max) {
                throw new IllegalArgumentException(field + " '" + item + "': " + v + " is out of range "
                        + min + "-" + max);
            }
            return v;
        }
        if (names != null) {
            int i = names.indexOf(text.toUpperCase(Locale.ROOT));
            if (i >= 0) {
                return names == MONTHS ? i + 1 : i;
            }
            throw new IllegalArgumentException(field + " '" + item + "': '" + text + "' is not a number " + min + "-"
                    + max + " or a name " + names.get(0) + "-" + names.get(names.size() - 1));
        }
        throw new IllegalArgumentException(field + " '" + item + "': '" + text + "' is not a number " + min + "-" + max);
    }

    /** Whether the expression fires on this day (at some minute). */
    boolean matches(LocalDate date) {
        if (!has(months, date.getMonthValue())) {
            return false;
        }
        boolean dom = has(daysOfMonth, date.getDayOfMonth());
        boolean dow = has(daysOfWeek, date.getDayOfWeek().getValue() % 7);
        return eitherDay ? dom || dow : dom && dow;
    }

    boolean matches(LocalDateTime time) {
        return matches(time.toLocalDate()) && has(hours, time.getHour()) && has(minutes, time.getMinute());
    }

    /** The latest local minute at or before {@code limit} that fires, back to {@code earliest} at most; or null. */
    LocalDateTime latestAtOrBefore(LocalDateTime limit, LocalDate earliest) {
        LocalDate date = limit.toLocalDate();
        int hourLimit = limit.getHour();
        int minuteLimit = limit.getMinute();
        while (!date.isBefore(earliest)) {
            if (matches(date)) {
                for (int h = highestAtOrBelow(hours, hourLimit); h >= 0; h = highestAtOrBelow(hours, h - 1)) {
                    int m = highestAtOrBelow(minutes, h == hourLimit ? minuteLimit : 59);
                    if (m >= 0) {
                        return date.atTime(h, m);
                    }
                }
            }
            date = date.minusDays(1);
            hourLimit = 23;
            minuteLimit = 59;
        }
        return null;
    }

    private static boolean has(long bits, int v) {
        return (bits & (1L << v)) != 0;
    }

    private static int highestAtOrBelow(long bits, int limit) {
        if (limit < 0) {
            return -1;
        }
        long masked = bits & ((1L << (limit + 1)) - 1);
        return masked == 0 ? -1 : 63 - Long.numberOfLeadingZeros(masked);
    }
}
