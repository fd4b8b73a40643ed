package io.vigil.notifier.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.config.RouteConfig;
import io.vigil.events.EventSource;
import io.vigil.notifier.route.Router;
import io.vigil.notifier.service.ChannelWatch;
import io.vigil.notifier.service.NotificationService;
import io.vigil.notifier.service.RouteAdmin;
import io.vigil.support.rest.Caller;
import io.vigil.support.rest.NotFoundException;
import io.vigil.support.rest.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The routes tree, for admins: each route with its matchers, destinations (masked), windows,
 * escalation and children; routes added, changed and removed through the API (the file's are
 * read-only here); and a test post through a route.
 */
@Path(RouteResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class RouteResource {

    static final String PATH = "/api/routes";

    /** What a test post came to, per destination. */
    public record TestReport(String route, List<NotificationService.TestResult> results) {
    }

    private static final String BODY = " The body is one route as in the config file's routes: section, as JSON, "
            + "children included (e.g. {\"name\": \"db\", \"matchers\": [\"team=\\\"db\\\"\"], \"mattermost\": "
            + "{\"webhook-url\": \"https://mm.example.org/hooks/xxx\"}}); ${VAR} is kept as text, not read from the "
            + "server's environment, and it cannot be the default route. API routes are walked after the file's, in the "
            + "order they were added; the alert-service groups by the file's routes only. An invalid body is a 400 "
            + "problem whose `field` names the property at fault (e.g. mattermost.webhook-url).";

    private final Router router;
    private final RouteAdmin admin;
    private final NotificationService service;
    private final ChannelWatch channels;
    private final Caller caller;

    public RouteResource(Router router, RouteAdmin admin, NotificationService service, ChannelWatch channels,
            Caller caller) {
        this.router = router;
        this.admin = admin;
        this.service = service;
        this.channels = channels;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "The routes tree (role: admin)", description = "Role: admin. Every route, parents before their "
            + "children in file order (the order the walk tries them), with matchers, continue, default, group-by, "
            + "destinations (webhook URLs and bot tokens masked; failing: refused posts for good and has not worked "
            + "since), active and mute windows, escalation steps, child routes and source (file or api).")
    public List<RouteView> list() {
        Set<String> failing = channels.failingKeys();
        List<RouteView> views = new ArrayList<>();
        add(router.tree().top(), null, failing, views);
        return views;
    }

    private void add(List<RouteConfig> routes, String parent, Set<String> failing, List<RouteView> views) {
        for (RouteConfig r : routes) {
            views.add(RouteView.of(r, parent, admin.fromFile(r) ? "file" : "api", failing));
            add(r.routes(), r.name(), failing, views);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a route (role: admin)", description = "Role: admin. Answers 201 with the route and its "
            + "Location; it takes notifications at once. A name any route has (file or API, children too) is a 409."
            + BODY)
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Invalid route; `field` names the property")
    @APIResponse(responseCode = "409", description = "A route of that name exists")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
            description = "one route in the config file's shape")))
    public Uni<Response> create(String body) {
        return admin.create(body, caller.name()).map(route -> Response.created(URI.create(PATH + "/" + route.name()))
                .entity(get(route.name())).build());
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change a route added through the API (role: admin)", description = "Role: admin. Replaces "
            + "the route and its children; the body's name, if given, must be the path's." + BODY)
    @APIResponse(responseCode = "200", description = "Changed")
    @APIResponse(responseCode = "400", description = "Invalid route; `field` names the property")
    @APIResponse(responseCode = "404", description = "No route has this name")
    @APIResponse(responseCode = "409", description = "The route comes from the config file, or is a child route")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
            description = "one route in the config file's shape")))
    public Uni<RouteView> update(@PathParam("name") String name, String body) {
        return admin.update(name, body, caller.name()).map(route -> get(route.name()));
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Remove a route added through the API (role: admin)", description = "Role: admin. Its "
            + "children go with it. Posts it held in a mute window are dead-lettered when released (its destination "
            + "is gone); its escalation steps are dropped.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No route has this name")
    @APIResponse(responseCode = "409", description = "The route comes from the config file, or is a child route")
    public Uni<Response> delete(@PathParam("name") String name) {
        return admin.delete(name, caller.name()).map(v -> Response.noContent().build());
    }

    @GET
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "One route (role: admin)", description = "Role: admin.")
    @APIResponse(responseCode = "404", description = "No route has this name")
    public RouteView get(@PathParam("name") String name) {
        return list().stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("name", "no route is named '" + name + "'"));
    }

    @POST
    @Path("/{name}/test")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Send a test post through a route (role: admin)", description = "Role: admin. Posts a "
            + "test message to every destination of the route now, within each destination's rate limit and with the "
            + "usual retries, and answers what each came to (delivered, attempts, the failure's cause). Each is "
            + "recorded in /api/deliveries. Mute windows do not hold a test post.")
    @APIResponse(responseCode = "200", description = "Sent; see each destination's result")
    @APIResponse(responseCode = "404", description = "No route has this name")
    public Uni<TestReport> test(@PathParam("name") String name) {
        RouteConfig route = router.tree().byName(name)
                .orElseThrow(() -> new NotFoundException("name", "no route is named '" + name + "'"));
        return service.testPost(route, caller.name(), new EventSource("notifier-service", "api"))
                .map(results -> new TestReport(name, results));
    }
}
