package io.vigil.health.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.config.CheckConfig;
import io.vigil.config.ConfigLoader;
import io.vigil.events.HealthStatus;
import io.vigil.health.service.CheckService;
import io.vigil.support.rest.BadRequestException;
import io.vigil.support.rest.Caller;
import io.vigil.support.rest.DefinitionBodies;
import io.vigil.support.rest.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Health checks. Viewers read checks and results; operators run a check now; admins add, change and
 * delete checks added through the API. Checks of the config file are read-only here (409). Secrets
 * (passwords, header values, heartbeat tokens) are never in an answer.
 */
@Path(CheckResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class CheckResource {

    static final String PATH = "/api/checks";
    static final int MAX_RESULTS = 500;

    private static final ConfigLoader LOADER = ConfigLoader.forSections(ConfigLoader.Section.CHECKS);
    private static final String BODY = " The body is one check as in the config file's checks: section, as JSON (e.g."
            + " {\"name\": \"shop\", \"type\": \"http\", \"url\": \"https://shop.example.org/health\", \"expect\":"
            + " {\"status\": [200]}}); ${VAR} is kept as text, not read from the server's environment. An invalid body is"
            + " a 400 problem whose `field` names the property at fault (e.g. expect.status[0]).";

    private final CheckService checks;
    private final Caller caller;

    public CheckResource(CheckService checks, Caller caller) {
        this.checks = checks;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "List checks (role: viewer)", description = "Role: viewer (operator and admin too). Every "
            + "check with its source (file or api), masked definition and latest result; filter by type and by the "
            + "latest status (up, degraded, down).")
    @APIResponse(responseCode = "400", description = "Unknown status; `field` names the parameter")
    public List<CheckView> list(@QueryParam("type") String type, @QueryParam("status") String status) {
        HealthStatus wanted = null;
        if (status != null && !status.isBlank()) {
            wanted = HealthStatus.parse(status);
            if (wanted == null) {
                throw new BadRequestException("status", "'" + status + "' is not up, degraded or down");
            }
        }
        HealthStatus filter = wanted;
        return checks.all().stream()
                .filter(e -> type == null || type.isBlank() || e.check().type().equals(type))
                .map(e -> CheckView.of(e, checks.last(e.check().name())))
                .filter(v -> filter == null || (v.last() != null && v.last().status().equals(filter.label())))
                .toList();
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "One check (role: viewer)", description = "Role: viewer (operator and admin too).")
    @APIResponse(responseCode = "404", description = "No check has this name")
    public CheckView get(@PathParam("name") String name) {
        return CheckView.of(checks.get(name), checks.last(name));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a check (role: admin)", description = "Role: admin. Answers 201 with the check and its "
            + "Location; it is scheduled at once. A name used by any check (file or API) is a 409 problem." + BODY)
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Invalid check; `field` names the property")
    @APIResponse(responseCode = "409", description = "A check of that name exists")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
            description = "one check in the config file's shape")))
    public Uni<Response> create(String body) {
        CheckConfig check = parse(body, null);
        return checks.create(check, caller.name()).map(e -> Response
                .created(URI.create(PATH + "/" + e.check().name()))
                .entity(CheckView.of(e, null)).build());
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change a check (role: admin)", description = "Role: admin. Replaces a check added through "
            + "the API; its schedule restarts with the new definition (new labels: alerts under the old ones resolve). The "
            + "body's name, if given, must be the path's." + BODY)
    @APIResponse(responseCode = "200", description = "Changed")
    @APIResponse(responseCode = "400", description = "Invalid check; `field` names the property")
    @APIResponse(responseCode = "404", description = "No check has this name")
    @APIResponse(responseCode = "409", description = "The check is provisioned from the config file")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
            description = "one check in the config file's shape")))
    public Uni<CheckView> update(@PathParam("name") String name, String body) {
        CheckConfig check = parse(body, name);
        return checks.update(name, check, caller.name()).map(e -> CheckView.of(e, checks.last(name)));
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a check (role: admin)", description = "Role: admin. Stops the check, forgets its "
            + "results and push token, and publishes a removal on health-results, so an alert it raised resolves at once "
            + "(reason: the check was removed).")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No check has this name")
    @APIResponse(responseCode = "409", description = "The check is provisioned from the config file")
    public Uni<Response> delete(@PathParam("name") String name) {
        return checks.delete(name).map(v -> Response.noContent().build());
    }

    @POST
    @Path("/{name}/run")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Run a check now (role: operator)", description = "Role: operator (admin too). Runs the check "
            + "at once, outside its schedule, and answers its result, which is published and kept like any other. A push "
            + "check (heartbeat, duplicati) is judged on what it last reported; before its first deadline it has no "
            + "verdict yet (204).")
    @APIResponse(responseCode = "200", description = "The result")
    @APIResponse(responseCode = "204", description = "A push check without a verdict yet")
    @APIResponse(responseCode = "404", description = "No check has this name")
    public Uni<Response> run(@PathParam("name") String name) {
        return checks.runNow(name).map(r -> r == null ? Response.noContent().build()
                : Response.ok(ResultView.of(r)).build());
    }

    @GET
    @Path("/{name}/results")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Recent results of a check (role: viewer)", description = "Role: viewer (operator and admin "
            + "too). Newest first; `limit` 1 to " + MAX_RESULTS + " (default 50; the service keeps health.results-kept "
            + "per check).")
    @APIResponse(responseCode = "400", description = "Bad limit; `field` names it")
    @APIResponse(responseCode = "404", description = "No check has this name")
    public Uni<List<ResultView>> results(@PathParam("name") String name,
            @QueryParam("limit") @DefaultValue("50") String limit) {
        int n;
        try {
            n = Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException("limit", "'" + limit + "' is not a whole number");
        }
        if (n < 1 || n > MAX_RESULTS) {
            throw new BadRequestException("limit", "must be between 1 and " + MAX_RESULTS);
        }
        return checks.results(name, n).map(list -> list.stream().map(ResultView::of).toList());
    }

    @GET
    @Path("/{name}/heartbeat-url")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "The push URL of a heartbeat or duplicati check (role: admin)", description = "Role: admin. "
            + "The URL a job (or Duplicati's --send-http-url) calls; the token in it is the only secret guarding it, so "
            + "only admins read it.")
    @APIResponse(responseCode = "200", description = "{\"url\": \"http://host:8083/api/heartbeats/...\"}")
    @APIResponse(responseCode = "404", description = "No such check, or not a push check")
    public java.util.Map<String, String> heartbeatUrl(@PathParam("name") String name,
            @jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
        String token = checks.heartbeatToken(name);
        return java.util.Map.of("url", uri.getBaseUriBuilder().path("api/heartbeats").path(token).build().toString());
    }

    /** The body as a check; on PUT the name may be left out, the path gives it. */
    private static CheckConfig parse(String body, String pathName) {
        return LOADER.parseCheck(DefinitionBodies.parse(body, pathName));
    }
}
