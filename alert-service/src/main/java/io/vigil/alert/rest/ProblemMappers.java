package io.vigil.alert.rest;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns refused requests into JSON problem bodies. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return Response.status(400).type(Problem.MEDIA_TYPE).entity(Problem.badRequest(e.field(), e.getMessage())).build();
    }
}
