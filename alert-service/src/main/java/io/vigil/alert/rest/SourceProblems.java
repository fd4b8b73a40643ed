package io.vigil.alert.rest;

import io.vigil.alert.service.SourceUnavailableException;
import io.vigil.support.rest.Problem;
import io.vigil.support.rest.ProblemMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A source service that did not answer, as a problem body naming {@code source} (502 or 504). */
public class SourceProblems {

    @ServerExceptionMapper
    public Response unavailable(SourceUnavailableException e) {
        String title = e.status() == 504 ? "Gateway Timeout" : "Bad Gateway";
        return ProblemMappers.problem(new Problem("about:blank", title, e.status(), e.getMessage(), "source"));
    }
}
