package io.vigil.support.rest;

import io.vigil.config.ConfigException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns refused requests into JSON problem bodies, in every service with a REST API (this jar is indexed). */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return problem(Problem.badRequest(e.field(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return problem(Problem.notFound(e.field(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return problem(Problem.conflict(e.field(), e.getMessage()));
    }

    /** A rule or maintenance window the config loader refuses: the same message and field path as for the file. */
    @ServerExceptionMapper
    public Response invalidDefinition(ConfigException e) {
        return problem(Problem.badRequest(e.field() != null ? e.field() : "body", e.getMessage()));
    }

    /** The problem as a response with its status and the problem+json media type. */
    public static Response problem(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
