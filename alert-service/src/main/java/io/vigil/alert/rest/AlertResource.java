package io.vigil.alert.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.service.AlertQueryService;
import io.vigil.alert.store.StoredAlert;
import io.vigil.events.AlertState;
import io.vigil.events.Severity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Read access to alerts. Every role may read: viewer, operator, admin. */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"viewer", "operator", "admin"})
public class AlertResource {

    static final int MAX_LIMIT = 1000;

    private final AlertQueryService alerts;

    public AlertResource(AlertQueryService alerts) {
        this.alerts = alerts;
    }

    @GET
    @Operation(summary = "List alerts, most recently changed first",
            description = "Without a state filter, lists active alerts (pending and firing), as Alertmanager does.")
    public Uni<List<StoredAlert>> list(
            @Parameter(description = "pending, firing or resolved; repeat for several") @QueryParam("state") List<String> states,
            @Parameter(description = "warning or critical") @QueryParam("severity") String severity,
            @Parameter(description = "at most this many (1–1000)") @QueryParam("limit") @DefaultValue("100") String limit) {
        Set<AlertState> wanted = parseStates(states);
        Severity sev = parseSeverity(severity);
        int max = parseLimit(limit);
        return alerts.search(wanted, sev, max);
    }

    private static Set<AlertState> parseStates(List<String> states) {
        if (states == null || states.isEmpty()) {
            return EnumSet.of(AlertState.PENDING, AlertState.FIRING);
        }
        Set<AlertState> wanted = EnumSet.noneOf(AlertState.class);
        for (String s : states) {
            for (String part : s.split(",")) {
                AlertState state = AlertState.parse(part);
                if (state == null) {
                    throw new BadRequestException("state", "'" + part + "' is not a state: use pending, firing or resolved");
                }
                wanted.add(state);
            }
        }
        return wanted;
    }

    private static Severity parseSeverity(String severity) {
        if (severity == null || severity.isBlank()) {
            return null;
        }
        Severity s = Severity.parse(severity);
        if (s == null) {
            throw new BadRequestException("severity", "'" + severity + "' is not a severity: use warning or critical");
        }
        return s;
    }

    private static int parseLimit(String limit) {
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
}
