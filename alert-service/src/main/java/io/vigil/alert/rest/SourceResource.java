package io.vigil.alert.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.service.SourcePassThrough;
import io.vigil.alert.service.SourcePassThrough.Answer;
import io.vigil.alert.service.SourcePassThrough.Source;
import io.vigil.support.rest.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The dashboard's reads of the health-service and domain-service through this service (one origin
 * for the browser): fixed paths only, the caller's token passed on, the answer passed back.
 */
@Path("/api/sources")
@Produces(MediaType.APPLICATION_JSON)
public class SourceResource {

    private static final String ROLES = "Role: viewer here; the source service checks the caller's token again. ";

    private final SourcePassThrough sources;

    public SourceResource(SourcePassThrough sources) {
        this.sources = sources;
    }

    @GET
    @Path("/health/checks")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "The health-service's checks (role: viewer)",
            description = ROLES + "GET <ALERT_HEALTH_URL>/api/checks, answered as it came.")
    @APIResponse(responseCode = "404", description = "ALERT_HEALTH_URL is not configured (field: source)")
    @APIResponse(responseCode = "502", description = "The health-service cannot be reached")
    @APIResponse(responseCode = "504", description = "The health-service did not answer in 5 s")
    public Uni<Response> checks(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return pass(Source.HEALTH, "/api/checks", Map.of(), authorization);
    }

    @GET
    @Path("/health/checks/{name}/results")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "A check's recent results from the health-service (role: viewer)",
            description = ROLES + "GET <ALERT_HEALTH_URL>/api/checks/{name}/results?limit=…, answered as it came.")
    @APIResponse(responseCode = "404", description = "ALERT_HEALTH_URL is not configured (field: source), or the "
            + "health-service has no such check")
    public Uni<Response> results(@PathParam("name") String name, @QueryParam("limit") String limit,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return pass(Source.HEALTH, "/api/checks/" + SourcePassThrough.segment(name) + "/results",
                limit == null ? Map.of() : Map.of("limit", List.of(limit)), authorization);
    }

    @GET
    @Path("/domains/domains")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "The domain-service's domains (role: viewer)",
            description = ROLES + "GET <ALERT_DOMAIN_URL>/api/domains with the same query, answered as it came.")
    @APIResponse(responseCode = "404", description = "ALERT_DOMAIN_URL is not configured (field: source)")
    public Uni<Response> domains(@Context UriInfo uri, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return pass(Source.DOMAINS, "/api/domains", uri.getQueryParameters(), authorization);
    }

    @GET
    @Path("/domains/certificates")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "The domain-service's certificates (role: viewer)",
            description = ROLES + "GET <ALERT_DOMAIN_URL>/api/certificates with the same query, answered as it came.")
    @APIResponse(responseCode = "404", description = "ALERT_DOMAIN_URL is not configured (field: source)")
    public Uni<Response> certificates(@Context UriInfo uri,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return pass(Source.DOMAINS, "/api/certificates", uri.getQueryParameters(), authorization);
    }

    private Uni<Response> pass(Source source, String path, Map<String, List<String>> query, String authorization) {
        return sources.get(source, path, query, authorization).map(SourceResource::response);
    }

    private static Response response(Answer a) {
        return Response.status(a.status()).entity(a.body())
                .type(a.contentType() == null ? MediaType.APPLICATION_JSON : a.contentType()).build();
    }
}
