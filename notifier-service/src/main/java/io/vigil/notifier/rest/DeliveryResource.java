package io.vigil.notifier.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.notifier.store.DeliveryLog;
import io.vigil.notifier.store.DeliveryStatus;
import io.vigil.support.rest.BadRequestException;
import io.vigil.support.rest.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** What happened to each notification at each destination: the delivery log, newest first. */
@Path("/api/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    static final int MAX_LIMIT = 1000;

    private final DeliveryLog log;

    public DeliveryResource(DeliveryLog log) {
        this.log = log;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Deliveries, newest first (role: viewer)",
            description = "Role: viewer (operator and admin too). One entry per notification and destination: route, "
                    + "destination (by name), status (pending, delivered, dead, held, unrouted), attempts, the last "
                    + "error (never a URL or token), when it came and finished, and the latency from the first attempt "
                    + "to the outcome. Filter by status and route; limit 1 to 1000 (default 100).")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "400",
            description = "Unknown status or a limit out of range; `field` names the parameter")
    public Uni<List<DeliveryLog.Entry>> list(@QueryParam("status") String status, @QueryParam("route") String route,
            @QueryParam("limit") @DefaultValue("100") String limit) {
        String wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = DeliveryStatus.of(status.trim()).label();
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("status", "'" + status
                        + "' is not pending, delivered, dead, held or unrouted");
            }
        }
        int n;
        try {
            n = Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException("limit", "'" + limit + "' is not a whole number");
        }
        if (n < 1 || n > MAX_LIMIT) {
            throw new BadRequestException("limit", n + " is not between 1 and " + MAX_LIMIT);
        }
        return log.recent(wanted, route == null || route.isBlank() ? null : route, n);
    }
}
