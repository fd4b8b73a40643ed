package io.vigil.alert.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.service.AlertQueryService;
import io.vigil.alert.store.RuleStats;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** How the alerts of each rule went over a time range: counts, mean times to acknowledge and resolve, flaps. */
@Path("/api/stats")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    /** The range when none is given: the last week. */
    static final Duration DEFAULT_RANGE = Duration.ofDays(7);

    private final AlertQueryService alerts;
    private final Clock clock;

    public StatsResource(AlertQueryService alerts, Clock clock) {
        this.alerts = alerts;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Per-rule alert figures over a time range (role: viewer)",
            description = "Role: viewer (operator and admin too). Over the alerts that fired in [from, to): per rule, "
                    + "how many fired, the mean time from firing to acknowledgement (over those acknowledged) and to "
                    + "resolution (over those resolved), in seconds, and how many were flapping. "
                    + "Defaults: the last 7 days.")
    public Uni<Stats> stats(
            @Parameter(description = "ISO-8601 instant, inclusive; default: `to` minus 7 days")
            @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 instant, exclusive; default: now") @QueryParam("to") String to) {
        Range range = range(from, to, clock.instant());
        return alerts.stats(range.from(), range.to()).map(rules -> new Stats(range.from(), range.to(), rules));
    }

    /** The range asked for, with the defaults filled in; a bad or empty range names the parameter. */
    static Range range(String from, String to, Instant now) {
        Instant end = instant(to, "to");
        end = end == null ? now : end;
        Instant start = instant(from, "from");
        start = start == null ? end.minus(DEFAULT_RANGE) : start;
        if (!start.isBefore(end)) {
            throw new BadRequestException("from", "from (" + start + ") must be before to (" + end + ")");
        }
        return new Range(start, end);
    }

    private static Instant instant(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field,
                    "'" + text + "' is not an ISO-8601 instant such as 2026-11-21T10:00:00Z");
        }
    }

    /** A half-open time range. */
    record Range(Instant from, Instant to) {
    }

    /** The answer: the range used and one entry per rule that had alerts fire in it. */
    public record Stats(Instant from, Instant to, List<RuleStats> rules) {
    }
}
