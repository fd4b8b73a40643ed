package io.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One maintenance window, as in the {@code maintenance:} section and the API: matchers and either
 * {@code weekdays} with {@code from}/{@code to}, or {@code cron} with {@code duration}.
 */
final class MaintenanceFormat {

    static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");
    /** A window longer than a week would overlap its own next opening. */
    static final Duration MAX_CRON_DURATION = Duration.ofDays(7);

    private static final Set<String> KEYS = Set.of("name", "matchers", "weekdays", "from", "to", "time-zone",
            "comment", "cron", "duration");
    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})");
    private static final List<String> DAY_NAMES = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    private MaintenanceFormat() {
    }

    static MaintenanceConfig read(JsonNode node, String where, Fields fields) {
        Fields.requireObject(node, where);
        String name = fields.name(node, where);
        String at = Fields.named(where, name);
        Fields.checkKeys(node, at, KEYS);
        List<LabelMatcher> matchers = fields.matchers(node.get("matchers"), Fields.path(at, "matchers"));
        Schedule schedule = schedule(node, at, fields);
        return new MaintenanceConfig(name, matchers, schedule, fields.optionalText(node, "comment", at));
    }

    private static final Set<String> WINDOW_KEYS = Set.of("weekdays", "from", "to", "time-zone", "cron", "duration");

    /**
     * A time window without name or matchers, as a route's {@code active} and {@code mute} lists hold:
     * {@code weekdays} with {@code from}/{@code to}, or {@code cron} with {@code duration}, in {@code time-zone}.
     */
    static Schedule window(JsonNode node, String at, Fields fields) {
        Fields.requireObject(node, at);
        Fields.checkKeys(node, at, WINDOW_KEYS);
        return schedule(node, at, fields);
    }

    /** The schedule keys of a window or maintenance entry (its other keys already checked). */
    private static Schedule schedule(JsonNode node, String at, Fields fields) {
        ZoneId zone = zone(fields.optionalText(node, "time-zone", at), Fields.path(at, "time-zone"));
        boolean weekly = node.hasNonNull("weekdays");
        boolean cron = node.hasNonNull("cron");
        if (weekly && cron) {
            throw ConfigException.at(Fields.path(at, "cron"),
                    "use either weekdays (with from and to) or cron (with duration), not both");
        }
        if (!weekly && !cron) {
            throw ConfigException.at(at, "needs weekdays with from and to, or cron with duration");
        }
        return weekly ? weekly(node, at, fields, zone) : cron(node, at, fields, zone);
    }

    private static WeeklySchedule weekly(JsonNode node, String at, Fields fields, ZoneId zone) {
        if (node.has("duration")) {
            throw ConfigException.at(Fields.path(at, "duration"),
                    "goes with cron; a weekdays window runs from 'from' to 'to'");
        }
        Set<DayOfWeek> days = weekdays(node.get("weekdays"), Fields.path(at, "weekdays"), fields);
        LocalTime from = time(fields.requiredText(node, "from", at), Fields.path(at, "from"));
        LocalTime to = time(fields.requiredText(node, "to", at), Fields.path(at, "to"));
        if (from.equals(to)) {
            throw ConfigException.at(Fields.path(at, "to"), "is the same as from, so the window would be empty"
                    + " (a 'to' before 'from' runs past midnight)");
        }
        return new WeeklySchedule(days, from, to, zone);
    }

    private static CronSchedule cron(JsonNode node, String at, Fields fields, ZoneId zone) {
        for (String key : List.of("from", "to")) {
            if (node.has(key)) {
                throw ConfigException.at(Fields.path(at, key), "goes with weekdays; a cron window lasts 'duration'");
            }
        }
        String expression = fields.text(node.get("cron"), Fields.path(at, "cron"));
        try {
            CronSchedule.validate(expression);
        } catch (IllegalArgumentException e) {
            throw ConfigException.at(Fields.path(at, "cron"), e.getMessage());
        }
        Duration duration = fields.optionalDuration(node, "duration", at);
        if (duration == null) {
            throw ConfigException.at(Fields.path(at, "duration"),
                    "is required with cron: how long the window stays open");
        }
        Fields.positive(duration, Fields.path(at, "duration"));
        if (duration.compareTo(MAX_CRON_DURATION) > 0) {
            throw ConfigException.at(Fields.path(at, "duration"), Durations.format(duration)
                    + " is above the maximum of " + Durations.format(MAX_CRON_DURATION));
        }
        return new CronSchedule(expression, duration, zone);
    }

    private static ZoneId zone(String text, String where) {
        if (text == null) {
            return DEFAULT_ZONE;
        }
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            throw ConfigException.at(where, "'" + text
                    + "' is not a time zone (use a region such as Europe/Berlin, or UTC)");
        }
    }

    /** {@code [sat, sun]}, {@code mon-fri}, or a list mixing days and ranges; a range may wrap ({@code fri-mon}). */
    private static Set<DayOfWeek> weekdays(JsonNode node, String where, Fields fields) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                days.addAll(daySpec(fields.text(node.get(i), Fields.index(where, i)), Fields.index(where, i)));
            }
        } else if (node.isTextual()) {
            for (String part : fields.text(node, where).split(",")) {
                days.addAll(daySpec(part, where));
            }
        } else {
            throw ConfigException.at(where, "must be a list of weekdays such as [sat, sun] or a range such as mon-fri");
        }
        if (days.isEmpty()) {
            throw ConfigException.at(where, "needs at least one weekday");
        }
        return days;
    }

    private static Set<DayOfWeek> daySpec(String text, String where) {
        String s = text.trim();
        int dash = s.indexOf('-');
        if (dash < 0) {
            return EnumSet.of(day(s, where));
        }
        DayOfWeek first = day(s.substring(0, dash), where);
        DayOfWeek last = day(s.substring(dash + 1), where);
        Set<DayOfWeek> days = EnumSet.of(first);
        for (DayOfWeek d = first; d != last; d = d.plus(1)) {
            days.add(d.plus(1));
        }
        return days;
    }

    private static DayOfWeek day(String text, String where) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (s.equals(DAY_NAMES.get(d.ordinal())) || s.equals(d.name().toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw ConfigException.at(where, "'" + text.trim() + "' is not a weekday (use mon..sun or monday..sunday,"
                + " or a range such as mon-fri)");
    }

    private static LocalTime time(String text, String where) {
        Matcher m = TIME.matcher(text.trim());
        if (m.matches()) {
            int hour = Integer.parseInt(m.group(1));
            int minute = Integer.parseInt(m.group(2));
            if (hour < 24 && minute < 60) {
                return LocalTime.of(hour, minute);
            }
        }
        throw ConfigException.at(where, "'" + text + "' is not a time of day (use HH:MM, e.g. 02:00)");
    }

    static ObjectNode write(MaintenanceConfig window) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", window.name());
        if (!window.matchers().isEmpty()) {
            ArrayNode matchers = node.putArray("matchers");
            window.matchers().forEach(m -> matchers.add(m.toString()));
        }
        if (window.schedule() instanceof WeeklySchedule w) {
            ArrayNode days = node.putArray("weekdays");
            for (DayOfWeek d : DayOfWeek.values()) {
                if (w.days().contains(d)) {
                    days.add(DAY_NAMES.get(d.ordinal()));
                }
            }
            node.put("from", hhmm(w.from()));
            node.put("to", hhmm(w.to()));
            node.put("time-zone", w.zone().getId());
        } else if (window.schedule() instanceof CronSchedule c) {
            node.put("cron", c.expression());
            node.put("duration", Durations.format(c.duration()));
            node.put("time-zone", c.zone().getId());
        } else {
            throw new IllegalArgumentException("cannot write a " + window.schedule().getClass().getSimpleName());
        }
        if (window.comment() != null) {
            node.put("comment", window.comment());
        }
        return node;
    }

    /** {@code HH:MM}: the file's resolution; seconds would not read back. */
    private static String hhmm(LocalTime time) {
        if (time.getSecond() != 0 || time.getNano() != 0) {
            throw new IllegalArgumentException("a window's times are whole minutes, not " + time);
        }
        return time.toString();
    }
}
