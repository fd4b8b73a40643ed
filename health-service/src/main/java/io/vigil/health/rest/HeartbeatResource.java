package io.vigil.health.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vigil.health.service.HeartbeatService;
import io.vigil.support.rest.Problem;
import io.vigil.support.rest.ProblemMappers;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The push endpoint of heartbeat and duplicati checks. No login: the token in the path is the
 * secret, as with Healthchecks.io or Uptime Kuma's push monitors, so cron jobs and Duplicati can
 * call it with nothing but a URL. Calls are rate limited per client address and per check.
 */
@Path("/api/heartbeats/{token}")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class HeartbeatResource {

    private final HeartbeatService heartbeats;

    public HeartbeatResource(HeartbeatService heartbeats) {
        this.heartbeats = heartbeats;
    }

    @GET
    @Operation(summary = "A heartbeat (no login: the token is the secret)", description = "No role: the token in "
            + "the path identifies the check. Records a heartbeat and answers the check's new status.")
    @APIResponse(responseCode = "200", description = "Recorded")
    @APIResponse(responseCode = "404", description = "No check has this token; nothing recorded")
    @APIResponse(responseCode = "429", description = "Too many calls from this address or for this check")
    public Uni<Response> get(@PathParam("token") String token, @Context HttpServerRequest request) {
        return answer(heartbeats.call(token, client(request), null, null));
    }

    @POST
    @Operation(summary = "A heartbeat or a Duplicati report (no login: the token is the secret)", description = "No "
            + "role. For a duplicati check the body is Duplicati's report (--send-http-url with "
            + "--send-http-result-output-format=Json, or the default text form); for a heartbeat check any body is "
            + "ignored.")
    @APIResponse(responseCode = "200", description = "Recorded")
    @APIResponse(responseCode = "400", description = "Not a Duplicati report; nothing recorded")
    @APIResponse(responseCode = "404", description = "No check has this token; nothing recorded")
    @APIResponse(responseCode = "429", description = "Too many calls from this address or for this check")
    public Uni<Response> post(@PathParam("token") String token, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            String body, @Context HttpServerRequest request) {
        return answer(heartbeats.call(token, client(request), type, body));
    }

    private static String client(HttpServerRequest request) {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    private static Uni<Response> answer(Uni<HeartbeatService.Answer> call) {
        return call.map(a -> switch (a.outcome()) {
            case UNKNOWN_TOKEN -> ProblemMappers.problem(Problem.notFound("token", a.problem()));
            case RATE_LIMITED -> Response.fromResponse(ProblemMappers.problem(
                    new Problem("about:blank", "Too Many Requests", 429, a.problem(), null)))
                    .header("Retry-After", "1").build();
            case BAD_REPORT -> ProblemMappers.problem(Problem.badRequest("body", a.problem()));
            case ACCEPTED -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("check", a.check());
                if (a.result() != null) {
                    body.put("status", a.result().status().label());
                    body.put("message", a.result().message());
                }
                yield Response.ok(body).build();
            }
        });
    }
}
