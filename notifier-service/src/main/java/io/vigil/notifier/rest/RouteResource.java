package io.vigil.notifier.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.config.RouteConfig;
import io.vigil.events.EventSource;
import io.vigil.notifier.route.Router;
import io.vigil.notifier.service.ChannelWatch;
import io.vigil.notifier.service.NotificationService;
import io.vigil.support.rest.Caller;
import io.vigil.support.rest.NotFoundException;
import io.vigil.support.rest.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The routes tree of the config file, for admins: each route with its matchers, destinations (masked),
 * windows, escalation and children; and a test post through a route.
 */
@Path(RouteResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class RouteResource {

    static final String PATH = "/api/routes";

    /** What a test post came to, per destination. */
    public record TestReport(String route, List<NotificationService.TestResult> results) {
    }

    private final Router router;
    private final NotificationService service;
    private final ChannelWatch channels;
    private final Caller caller;

    public RouteResource(Router router, NotificationService service, ChannelWatch channels, Caller caller) {
        this.router = router;
        this.service = service;
        this.channels = channels;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "The routes tree (role: admin)", description = "Role: admin. Every route, parents before their "
            + "children in file order (the order the walk tries them), with matchers, continue, default, group-by, "
            + "destinations (webhook URLs and bot tokens masked; failing: refused posts for good and has not worked "
            + "since), active and mute windows, escalation steps and child routes. Routes come from the config file.")
    public List<RouteView> list() {
        Set<String> failing = channels.failingKeys();
        List<RouteView> views = new ArrayList<>();
        add(router.tree().top(), null, failing, views);
        return views;
    }

    private static void add(List<RouteConfig> routes, String parent, Set<String> failing, List<RouteView> views) {
        for (RouteConfig r : routes) {
            views.add(RouteView.of(r, parent, failing));
            add(r.routes(), r.name(), failing, views);
        }
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
