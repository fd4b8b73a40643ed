package io.vigil.alert.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.rollup.Steps;
import io.vigil.alert.service.MetricHistory;
import io.vigil.config.Durations;
import io.vigil.config.LabelMatcher;
import io.vigil.support.rest.BadRequestException;
import io.vigil.support.rest.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The metric history for the charts: one metric's 1-minute rollups over a time range, combined into steps. */
@Path("/api/metrics/query")
@Produces(MediaType.APPLICATION_JSON)
public class MetricQueryResource {

    /** The range when no {@code from} is given: the last hour. */
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);
    /** Points per series at most: a day at 1m; longer ranges need a larger step. */
    static final long MAX_POINTS = 1440;
    /** Series per answer at most: more means the matchers are too wide for one chart. */
    static final int MAX_SERIES = 500;

    private final MetricHistory history;
    private final Clock clock;

    public MetricQueryResource(MetricHistory history, Clock clock) {
        this.history = history;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "A metric's history in steps (role: viewer)",
            description = "Role: viewer (operator and admin too). The series of `metric` whose labels (host included) "
                    + "every matcher accepts, each with points from `from` (rounded down to the minute) `step` apart "
                    + "up to `to` (exclusive): t, min, avg (over every sample), max, last and count of samples. Steps "
                    + "without samples have no point. Defaults: the last hour, step 1m. At most 1440 points per "
                    + "series and 500 series.")
    public Uni<MetricQuery> query(
            @Parameter(description = "the metric name, e.g. host_cpu_usage_ratio", required = true)
            @QueryParam("metric") String metric,
            @Parameter(description = "a label matcher: name=\"value\", name!=\"value\", name=~\"regex\" or "
                    + "name!~\"regex\"; repeat for several") @QueryParam("labels") List<String> labels,
            @Parameter(description = "ISO-8601 instant, inclusive; default: `to` minus 1 hour")
            @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 instant, exclusive; default: now") @QueryParam("to") String to,
            @Parameter(description = "a whole number of minutes: 1m, 5m, 1h; default 1m") @QueryParam("step") String step) {
        Request r = request(metric, labels, from, to, step, clock.instant());
        return history.query(r.metric(), r.matchers(), r.from(), r.to(), r.step()).map(series -> {
            if (series.size() > MAX_SERIES) {
                throw new BadRequestException("labels", series.size() + " series match, more than " + MAX_SERIES
                        + ": narrow them with label matchers");
            }
            return new MetricQuery(r.metric(), r.from(), r.to(), Durations.format(r.step()), series);
        });
    }

    /** The request checked, defaults filled in; every refusal names its parameter. */
    static Request request(String metric, List<String> labels, String from, String to, String step, Instant now) {
        if (metric == null || metric.isBlank()) {
            throw new BadRequestException("metric", "is required, e.g. metric=host_cpu_usage_ratio");
        }
        List<LabelMatcher> matchers = new ArrayList<>();
        for (String m : labels == null ? List.<String>of() : labels) {
            try {
                matchers.add(LabelMatcher.parse(m));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("labels", e.getMessage());
            }
        }
        Instant end = instant(to, "to");
        end = end == null ? now : end;
        Instant start = instant(from, "from");
        start = start == null ? end.minus(DEFAULT_RANGE) : start;
        if (!start.isBefore(end)) {
            throw new BadRequestException("from", "from (" + start + ") must be before to (" + end + ")");
        }
        Duration s = step(step);
        long points = new Steps(start, end, s).points();
        if (points > MAX_POINTS) {
            throw new BadRequestException("step", "the range holds " + points + " steps of " + Durations.format(s)
                    + ", more than " + MAX_POINTS + ": use a step of at least "
                    + Durations.format(Steps.smallestStep(start, end, MAX_POINTS)) + " or a shorter range");
        }
        return new Request(metric.trim(), matchers, start, end, s);
    }

    private static Duration step(String text) {
        if (text == null || text.isBlank()) {
            return Steps.MINUTE;
        }
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("step", e.getMessage());
        }
        if (d.compareTo(Steps.MINUTE) < 0 || d.toMillis() % Steps.MINUTE.toMillis() != 0) {
            throw new BadRequestException("step", "'" + text + "' is not a whole number of minutes (1m, 5m, 1h...)");
        }
        return d;
    }

    private static Instant instant(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field, "'" + text + "' is not an ISO-8601 instant such as 2026-11-21T10:00:00Z");
        }
    }

    /** A checked request. */
    record Request(String metric, List<LabelMatcher> matchers, Instant from, Instant to, Duration step) {
    }

    /** The answer: what was asked, with the defaults filled in, and the series found. */
    public record MetricQuery(String metric, Instant from, Instant to, String step, List<Steps.Series> series) {
    }
}
