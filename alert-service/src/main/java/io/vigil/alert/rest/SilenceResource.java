package io.vigil.alert.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.service.SilenceService;
import io.vigil.alert.store.StoredSilence;
import io.vigil.config.LabelMatcher;
import io.vigil.support.rest.BadRequestException;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Silences: alerts matching them are recorded but not told while they last. Viewers read, operators write. */
@Path("/api/silences")
@Produces(MediaType.APPLICATION_JSON)
public class SilenceResource {

    private final SilenceService silences;
    private final Caller caller;
    private final Clock clock;

    public SilenceResource(SilenceService silences, Caller caller, Clock clock) {
        this.silences = silences;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "List silences, newest first (role: viewer)",
            description = "Role: viewer (operator and admin too). Expired silences are kept and listed, with "
                    + "status pending, active or expired.")
    public Uni<List<SilenceView>> list(
            @Parameter(description = "true: only those muting now; false: only pending and expired ones")
            @QueryParam("active") String active) {
        Instant now = clock.instant();
        return silences.list(active(active), now).map(list -> list.stream().map(s -> SilenceView.of(s, now)).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "One silence (role: viewer)", description = "Role: viewer (operator and admin too).")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "No silence has this id")
    public Uni<SilenceView> get(@PathParam("id") String id) {
        Instant now = clock.instant();
        return silences.get(AlertFilters.id(id)).map(s -> SilenceView.of(s, now));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Create a silence (role: operator)",
            description = "Role: operator (admin too). Answers 201 with the silence and its Location; the creator "
                    + "is the token's user. A 400 problem names the property at fault.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SilenceRequest.class)))
    @APIResponse(responseCode = "201", description = "Created")
    public Uni<Response> create(String body) {
        Instant now = clock.instant();
        SilenceRequest.Checked c = SilenceRequest.parse(JsonBody.parse(body), now, now);
        return silences.create(c.matchers(), c.startsAt(), c.endsAt(), c.comment(), caller.name(), now)
                .map(s -> Response.created(URI.create("/api/silences/" + s.id())).entity(SilenceView.of(s, now))
                        .build());
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Change a silence (role: operator)",
            description = "Role: operator (admin too). Replaces the matchers, end and comment (and the start, when "
                    + "given; else it stays). An expired silence cannot change (409): create a new one.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SilenceRequest.class)))
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "No silence has this id")
    @APIResponse(responseCode = "409", description = "The silence has expired")
    public Uni<SilenceView> update(@PathParam("id") String id, String body) {
        UUID silenceId = AlertFilters.id(id);
        Instant now = clock.instant();
        String actor = caller.name();
        return silences.get(silenceId).chain(existing -> {
            SilenceRequest.Checked c = SilenceRequest.parse(JsonBody.parse(body), now, existing.startsAt());
            return silences.update(silenceId, c.matchers(), c.startsAt(), c.endsAt(), c.comment(), actor, now);
        }).map(s -> SilenceView.of(s, now));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Expire a silence (role: operator)",
            description = "Role: operator (admin too). The silence ends now and is kept for history; expiring an "
                    + "expired one changes nothing. Answers 204.")
    @APIResponse(responseCode = "204", description = "Expired")
    @APIResponse(responseCode = "404", description = "No silence has this id")
    public Uni<Response> expire(@PathParam("id") String id) {
        return silences.expire(AlertFilters.id(id), caller.name(), clock.instant())
                .map(s -> Response.noContent().build());
    }

    private static Boolean active(String active) {
        if (active == null || active.isBlank()) {
            return null;
        }
        return switch (active.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new BadRequestException("active", "'" + active + "' is not true or false");
        };
    }

    /** A silence as the API shows it: matchers as written, and where it is in its life. */
    public record SilenceView(UUID id, List<String> matchers, Instant startsAt, Instant endsAt, String status,
            String comment, String createdBy, Instant createdAt, String updatedBy, Instant updatedAt) {

        static SilenceView of(StoredSilence s, Instant now) {
            return new SilenceView(s.id(), s.matchers().stream().map(LabelMatcher::toString).toList(), s.startsAt(),
                    s.endsAt(), s.statusAt(now).name().toLowerCase(java.util.Locale.ROOT), s.comment(), s.createdBy(),
                    s.createdAt(), s.updatedBy(), s.updatedAt());
        }
    }
}
