package io.vigil.alert.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.service.AcknowledgeService;
import io.vigil.alert.service.AlertQueryService.AlertWithHistory;
import io.vigil.alert.service.AlertQueryService;
import io.vigil.alert.store.AlertPage;
import io.vigil.alert.store.AlertView;
import io.vigil.support.rest.Caller;
import io.vigil.support.rest.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Alerts: reading them (viewer) and acknowledging a firing one (operator). */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    /** The longest acknowledgement comment: it goes into a chat post. */
    static final int MAX_COMMENT = 1000;

    private final AlertQueryService alerts;
    private final AcknowledgeService acknowledgements;
    private final Caller caller;

    public AlertResource(AlertQueryService alerts, AcknowledgeService acknowledgements, Caller caller) {
        this.alerts = alerts;
        this.acknowledgements = acknowledgements;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "List alerts, most recently changed first (role: viewer)",
            description = "Role: viewer (operator and admin too). Without a state filter, lists the open alerts "
                    + "(pending, firing, acknowledged), as Alertmanager does. Filters combine with AND; "
                    + "label matchers are Prometheus-style and every one must hold. Pages are keyset-based: "
                    + "pass the `next` of a page as `cursor` to get the following one; `next` is null on the last "
                    + "page. A page may hold fewer than `limit` items while `next` is set (one request reads at "
                    + "most 10000 alerts that the matchers refuse).")
    public Uni<AlertPage> list(
            @Parameter(description = "pending, firing (not acknowledged), acknowledged (firing and acknowledged) "
                    + "or resolved; repeat or separate with commas for several")
            @QueryParam("state") List<String> states,
            @Parameter(description = "warning or critical") @QueryParam("severity") String severity,
            @Parameter(description = "the rule's name") @QueryParam("rule") String rule,
            @Parameter(description = "a label matcher: name=\"value\", name!=\"value\", name=~\"regex\" or "
                    + "name!~\"regex\"; repeat for several") @QueryParam("match") List<String> matchers,
            @Parameter(description = "at most this many (1–1000, default 100)") @QueryParam("limit") String limit,
            @Parameter(description = "the `next` of the previous page") @QueryParam("cursor") String cursor) {
        return alerts.search(AlertFilters.parse(states, severity, rule, matchers, limit, cursor));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "One alert with its history (role: viewer)",
            description = "Role: viewer (operator and admin too). The history lists every change in sequence order, "
                    + "acknowledgements included (with who and their comment).")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "No alert has this id")
    public Uni<AlertWithHistory> get(@PathParam("id") String id) {
        return alerts.get(AlertFilters.id(id));
    }

    @POST
    @Path("/{id}/ack")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Acknowledge a firing alert (role: operator)",
            description = "Role: operator (admin too). Stops reminders and tells the alert's channel who took it. "
                    + "Acknowledging an alert that already is returns it unchanged (200). The body is optional "
                    + "(a plain POST acknowledges without a comment).")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AckRequest.class)))
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "No alert has this id")
    @APIResponse(responseCode = "409", description = "The alert is not firing (pending or resolved)")
    public Uni<AlertView> acknowledge(@PathParam("id") String id, String body) {
        UUID alertId = AlertFilters.id(id);
        ObjectNode fields = JsonBody.object(JsonBody.parse(body), Set.of("comment"));
        String comment = JsonBody.text(fields, "comment", false, MAX_COMMENT);
        return acknowledgements.acknowledge(alertId, caller.name(),
                comment == null || comment.isBlank() ? null : comment);
    }

    /** The body of an acknowledgement, for the OpenAPI document. */
    @Schema(name = "AckRequest")
    public record AckRequest(
            @Schema(description = "why, or what is being done (at most 1000 characters)") String comment) {
    }
}
