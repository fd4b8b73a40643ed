package io.vigil.alert.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.service.DefinitionView;
import io.vigil.alert.service.RuleService;
import io.vigil.config.ConfigWriter;
import io.vigil.config.RuleConfig;
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
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Alerting rules. Viewers read them all; admins add, change and delete those added through the API.
 * Rules provisioned from the config file are read-only here (409): the file is their source of truth.
 */
@Path(RuleResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class RuleResource {

    static final String PATH = "/api/rules";

    private static final String BODY = " The body is one rule as in the config file's rules: section, as JSON "
            + "(e.g. {\"name\": \"high-cpu\", \"metric\": \"host_cpu_usage_ratio\", \"warning\": {\"above\": 0.85, "
            + "\"for\": \"5m\"}}); ${VAR} is not interpolated. An invalid body is a 400 problem whose `field` names "
            + "the property at fault (e.g. warning.above).";

    private final DefinitionEndpoints<RuleConfig> rules;

    public RuleResource(RuleService rules, Caller caller) {
        this.rules = new DefinitionEndpoints<>(rules, Definitions::rule, PATH, caller);
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "List rules (role: viewer)",
            description = "Role: viewer (operator and admin too). Rules provisioned from the config file come first "
                    + "(source: file), then those added through the API (source: api), with who added and changed "
                    + "them.")
    public Uni<List<DefinitionView>> list() {
        return rules.list();
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "One rule (role: viewer)", description = "Role: viewer (operator and admin too).")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "No rule has this name")
    public Uni<DefinitionView> get(@PathParam("name") String name) {
        return rules.get(name);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a rule (role: admin)",
            description = "Role: admin. Answers 201 with the rule as stored and its Location. The engine picks it up "
                    + "at once. A name already used by any rule, provisioned or added, is a 409 problem." + BODY)
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Invalid rule; `field` names the property")
    @APIResponse(responseCode = "409", description = "A rule of that name exists (in the config file or added)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
            description = "one rule in the config file's shape")))
    public Uni<Response> create(String body) {
        return rules.create(body);
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change a rule added through the API (role: admin)",
            description = "Role: admin. Replaces the rule's definition; the body's name may be left out and must "
                    + "otherwise equal the path's. A rule provisioned from the config file cannot be changed here: "
                    + "409 problem (change it in the file)." + BODY)
    @APIResponse(responseCode = "400", description = "Invalid rule; `field` names the property")
    @APIResponse(responseCode = "404", description = "No rule has this name")
    @APIResponse(responseCode = "409", description = "The rule is provisioned from the config file")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
            description = "one rule in the config file's shape; name optional")))
    @APIResponse(responseCode = "200", description = "OK")
    public Uni<DefinitionView> replace(@PathParam("name") String name, String body) {
        return rules.replace(name, body);
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a rule added through the API (role: admin)",
            description = "Role: admin. Answers 204; the rule's open alerts resolve as for a rule removed from the "
                    + "file. A rule provisioned from the config file cannot be deleted here: 409 problem (remove it "
                    + "from the file).")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No rule has this name")
    @APIResponse(responseCode = "409", description = "The rule is provisioned from the config file")
    public Uni<Response> delete(@PathParam("name") String name) {
        return rules.delete(name);
    }

    @POST
    @Path("/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Check a rule without storing it (role: admin)",
            description = "Role: admin. Answers 200 {\"valid\": true, \"rule\": ...} with the rule as it would be "
                    + "stored, or the same 400 problem as adding it would. Name clashes are not checked." + BODY)
    @APIResponse(responseCode = "400", description = "Invalid rule; `field` names the property")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
            description = "one rule in the config file's shape")))
    @APIResponse(responseCode = "200", description = "OK")
    public Map<String, Object> validate(String body) {
        RuleConfig rule = Definitions.rule(JsonBody.parse(body));
        return Map.of("valid", true, "rule", ConfigWriter.rule(rule));
    }
}
