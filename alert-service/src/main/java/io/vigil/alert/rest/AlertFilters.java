package io.vigil.alert.rest;

import io.vigil.alert.store.AlertCursor;
import io.vigil.alert.store.AlertSearch;
import io.vigil.config.LabelMatcher;
import io.vigil.events.AlertState;
import io.vigil.events.Severity;
import io.vigil.support.rest.BadRequestException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the query parameters of {@code GET /api/alerts} into an {@link AlertSearch}; anything it
 * cannot use is a {@link BadRequestException} naming the parameter. Plain Java.
 */
public final class AlertFilters {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    /** Without a state filter the list shows what is still open, as Alertmanager does. */
    static final Set<AlertState> ACTIVE = EnumSet.of(AlertState.PENDING, AlertState.FIRING, AlertState.ACKNOWLEDGED);

    private AlertFilters() {
    }

    public static AlertSearch parse(List<String> states, String severity, String rule, List<String> matchers,
            String limit, String cursor) {
        return new AlertSearch(states(states), severity(severity), rule == null || rule.isBlank() ? null : rule.trim(),
                matchers(matchers), limit(limit), cursor(cursor));
    }

    static Set<AlertState> states(List<String> states) {
        if (states == null || states.stream().allMatch(s -> s == null || s.isBlank())) {
            return ACTIVE;
        }
        Set<AlertState> wanted = EnumSet.noneOf(AlertState.class);
        for (String s : states) {
            for (String part : s.split(",")) {
                AlertState state = AlertState.parse(part);
                if (state == null) {
                    throw new BadRequestException("state",
                            "'" + part + "' is not a state: use pending, firing, acknowledged or resolved");
                }
                wanted.add(state);
            }
        }
        return wanted;
    }

    static Severity severity(String severity) {
        if (severity == null || severity.isBlank()) {
            return null;
        }
        Severity s = Severity.parse(severity);
        if (s == null) {
            throw new BadRequestException("severity", "'" + severity + "' is not a severity: use warning or critical");
        }
        return s;
    }

    static List<LabelMatcher> matchers(List<String> matchers) {
        List<LabelMatcher> out = new ArrayList<>();
        if (matchers == null) {
            return out;
        }
        for (String m : matchers) {
            try {
                out.add(LabelMatcher.parse(m));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("match", e.getMessage());
            }
        }
        return out;
    }

    static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequestException("limit", "'" + limit + "' is not a number from 1 to " + MAX_LIMIT);
    }

    static AlertCursor cursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return AlertCursor.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("cursor", e.getMessage());
        }
    }

    /** An alert's or silence's id from the path. */
    public static UUID id(String id) {
        try {
            // UUID.fromString also takes shortened forms such as 1-2-3-4-5; ids are always written in full.
            if (id.trim().length() == 36) {
                return UUID.fromString(id.trim());
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new BadRequestException("id", "'" + id + "' is not an id (a UUID)");
    }
}
