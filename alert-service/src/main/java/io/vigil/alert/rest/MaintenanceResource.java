package io.vigil.alert.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.service.DefinitionView;
import io.vigil.alert.service.MaintenanceService;
import io.vigil.config.MaintenanceConfig;
import io.vigil.support.rest.Caller;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Recurring maintenance windows: alerts they match are recorded but not told while one is open.
 * Viewers read them all; operators add, change and delete those added through the API. Windows
 * provisioned from the config file are read-only here (409).
 */
@Path(MaintenanceResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class MaintenanceResource {

    static final String PATH = "/api/maintenance";

    private static final String BODY = " The body is one window as in the config file's maintenance: section, as "
            + "JSON: name, matchers, and either weekdays with from/to or cron with duration, optional time-zone and "
            + "comment (e.g. {\"name\": \"backups\", \"matchers\": [\"host=~\\\"db-.*\\\"\"], \"weekdays\": "
            + "[\"sun\"], \"from\": \"02:00\", \"to\": \"04:00\"}). An invalid body is a 400 problem whose `field` "
            + "names the property at fault.";

    private final DefinitionEndpoints<MaintenanceConfig> windows;

    public MaintenanceResource(MaintenanceService windows, Caller caller) {
        this.windows = new DefinitionEndpoints<>(windows, Definitions::maintenance, PATH, caller);
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "List maintenance windows (role: viewer)",
            description = "Role: viewer (operator and admin too). Windows provisioned from the config file come first "
                    + "(source: file), then those added through the API (source: api); openNow tells whether each "
                    + "is open at the time of the request.")
    public Uni<List<DefinitionView>> list() {
        return windows.list();
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "One maintenance window (role: viewer)",
            description = "Role: viewer (operator and admin too).")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "No window has this name")
    public Uni<DefinitionView> get(@PathParam("name") String name) {
        return windows.get(name);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Add a maintenance window (role: operator)",
            description = "Role: operator (admin too). Answers 201 with the window as stored and its Location. A name "
                    + "already used by any window, provisioned or added, is a 409 problem." + BODY)
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Invalid window; `field` names the property")
    @APIResponse(responseCode = "409", description = "A window of that name exists (in the config file or added)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
            description = "one maintenance window in the config file's shape")))
    public Uni<Response> create(String body) {
        return windows.create(body);
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Change a maintenance window added through the API (role: operator)",
            description = "Role: operator (admin too). Replaces the window's definition; the body's name may be left "
                    + "out and must otherwise equal the path's. A window provisioned from the config file cannot be "
                    + "changed here: 409 problem (change it in the file)." + BODY)
    @APIResponse(responseCode = "400", description = "Invalid window; `field` names the property")
    @APIResponse(responseCode = "404", description = "No window has this name")
    @APIResponse(responseCode = "409", description = "The window is provisioned from the config file")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
            description = "one maintenance window in the config file's shape; name optional")))
    @APIResponse(responseCode = "200", description = "OK")
    public Uni<DefinitionView> replace(@PathParam("name") String name, String body) {
        return windows.replace(name, body);
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Delete a maintenance window added through the API (role: operator)",
            description = "Role: operator (admin too). Answers 204. A window provisioned from the config file cannot "
                    + "be deleted here: 409 problem (remove it from the file).")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No window has this name")
    @APIResponse(responseCode = "409", description = "The window is provisioned from the config file")
    public Uni<Response> delete(@PathParam("name") String name) {
        return windows.delete(name);
    }
}
