package io.vigil.domain.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.config.ConfigLoader;
import io.vigil.config.DomainConfig;
import io.vigil.domain.service.DomainService;
import io.vigil.domain.store.FindingStore.StoredFinding;
import io.vigil.support.rest.BadRequestException;
import io.vigil.support.rest.Caller;
import io.vigil.support.rest.DefinitionBodies;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Domains. Viewers read domains and their latest findings; operators run a domain now; admins add,
 * change and delete domains added through the API. Domains of the config file are read-only here (409).
 */
@Path(DomainResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class DomainResource {

    static final String PATH = "/api/domains";

    private static final ConfigLoader LOADER = ConfigLoader.forSections(ConfigLoader.Section.DOMAINS);
    private static final String BODY = " The body is one domain as in the config file's domains: section, as JSON (e.g."
            + " {\"name\": \"example.org\", \"dns\": {\"resolvers\": [\"system\", \"1.1.1.1\"], \"expect\": {\"A\":"
            + " [\"203.0.113.10\"]}}, \"tls\": [{\"endpoint\": \"example.org:443\"}]}). An invalid body is a 400 problem"
            + " whose `field` names the property at fault (e.g. dns.expect.A[0]).";

    private final DomainService domains;
    private final Caller caller;

    public DomainResource(DomainService domains, Caller caller) {
        this.domains = domains;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "List domains (role: viewer)", description = "Role: viewer (operator and admin too). Every "
            + "domain with its source (file or api), definition and state: the worst status of its latest findings "
            + "(ok, warn, fail) and how many are not ok; filter by that status.")
    @APIResponse(responseCode = "400", description = "Unknown status; `field` names the parameter")
    public Uni<List<DomainView>> list(@QueryParam("status") String status) {
        String wanted = status == null || status.isBlank() ? null : status.trim().toLowerCase(Locale.ROOT);
        if (wanted != null && !List.of("ok", "warn", "fail").contains(wanted)) {
            throw new BadRequestException("status", "'" + status + "' is not ok, warn or fail");
        }
        return domains.findings(null).map(all -> {
            Map<String, List<StoredFinding>> byDomain = all.stream()
                    .collect(Collectors.groupingBy(StoredFinding::domain));
            return domains.all().stream()
                    .map(e -> DomainView.of(e, byDomain.getOrDefault(e.domain().name(), List.of())))
                    .filter(v -> wanted == null || wanted.equals(v.status()))
                    .toList();
        });
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "One domain (role: viewer)", description = "Role: viewer (operator and admin too).")
    @APIResponse(responseCode = "404", description = "No domain has this name")
    public Uni<DomainView> get(@PathParam("name") String name) {
        var entry = domains.get(name);
        return domains.findings(name).map(f -> DomainView.of(entry, f));
    }

    @GET
    @Path("/{name}/findings")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "The latest findings of a domain (role: viewer)", description = "Role: viewer (operator and "
            + "admin too). One per subject (a record type on a resolver, a TLS endpoint, the DDNS name), with since "
            + "when its status holds; filter by kind (dns, tls, ddns).")
    @APIResponse(responseCode = "400", description = "Unknown kind; `field` names the parameter")
    @APIResponse(responseCode = "404", description = "No domain has this name")
    public Uni<List<FindingView>> findings(@PathParam("name") String name, @QueryParam("kind") String kind) {
        String wanted = kind(kind);
        return domains.findings(name).map(list -> list.stream()
                .filter(f -> wanted == null || wanted.equals(f.kind()))
                .map(FindingView::of).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a domain (role: admin)", description = "Role: admin. Answers 201 with the domain and its "
            + "Location; it is scheduled at once. A name used by any domain (file or API) is a 409 problem." + BODY)
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Invalid domain; `field` names the property")
    @APIResponse(responseCode = "409", description = "A domain of that name exists")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
            description = "one domain in the config file's shape")))
    public Uni<Response> create(String body) {
        DomainConfig domain = LOADER.parseDomain(DefinitionBodies.parse(body, null));
        return domains.create(domain, caller.name()).map(e -> Response
                .created(URI.create(PATH + "/" + e.domain().name()))
                .entity(DomainView.of(e, List.of())).build());
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change a domain (role: admin)", description = "Role: admin. Replaces a domain added through "
            + "the API; its schedule restarts with the new definition (new labels: alerts under the old ones resolve; "
            + "an endpoint or record type taken out gets a last `removed` finding). The body's name, if given, must be "
            + "the path's." + BODY)
    @APIResponse(responseCode = "200", description = "Changed")
    @APIResponse(responseCode = "400", description = "Invalid domain; `field` names the property")
    @APIResponse(responseCode = "404", description = "No domain has this name")
    @APIResponse(responseCode = "409", description = "The domain is provisioned from the config file")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
            description = "one domain in the config file's shape")))
    public Uni<DomainView> update(@PathParam("name") String name, String body) {
        DomainConfig domain = LOADER.parseDomain(DefinitionBodies.parse(body, name));
        return domains.update(name, domain, caller.name())
                .chain(e -> domains.findings(name).map(f -> DomainView.of(e, f)));
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a domain (role: admin)", description = "Role: admin. Stops watching the domain, "
            + "forgets its findings and certificates, and publishes a last `removed` finding per subject on "
            + "domain-findings, so an alert it raised resolves at once.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No domain has this name")
    @APIResponse(responseCode = "409", description = "The domain is provisioned from the config file")
    public Uni<Response> delete(@PathParam("name") String name) {
        return domains.delete(name).map(v -> Response.noContent().build());
    }

    @POST
    @Path("/{name}/run")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Run a domain now (role: operator)", description = "Role: operator (admin too). Runs every "
            + "check of the domain at once, outside its schedule, and answers the findings, which are published and "
            + "kept like any others.")
    @APIResponse(responseCode = "200", description = "The findings")
    @APIResponse(responseCode = "404", description = "No domain has this name")
    public Uni<List<Map<String, Object>>> run(@PathParam("name") String name) {
        return domains.runNow(name).map(list -> list.stream().map(f -> Map.<String, Object>of(
                "domain", f.domain(), "kind", f.kind(), "subject", f.subject(),
                "status", f.status().name().toLowerCase(Locale.ROOT), "code", f.code(), "message", f.message(),
                "checked_at", f.occurredAt().toString(), "details", f.details())).toList());
    }

    static String kind(String kind) {
        if (kind == null || kind.isBlank()) {
            return null;
        }
        String k = kind.trim().toLowerCase(Locale.ROOT);
        if (!List.of("dns", "tls", "ddns").contains(k)) {
            throw new BadRequestException("kind", "'" + kind + "' is not dns, tls or ddns");
        }
        return k;
    }
}
