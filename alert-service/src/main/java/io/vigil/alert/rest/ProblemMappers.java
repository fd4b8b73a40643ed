package io.vigil.alert.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.vigil.alert.service.ConflictException;
import io.vigil.alert.service.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns refused requests into JSON problem bodies. */
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

    /** A body that is not JSON, or JSON of the wrong shape where a type is bound. */
    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e) {
        String field = "body";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        return problem(Problem.badRequest(field, "the body is not valid JSON for this operation: " + e.getOriginalMessage()));
    }

    static Response problem(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
