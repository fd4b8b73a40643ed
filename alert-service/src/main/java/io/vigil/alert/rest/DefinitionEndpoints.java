package io.vigil.alert.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.service.DefinitionView;
import io.vigil.alert.service.ProvisionedDefinitions;
import io.vigil.support.rest.Caller;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.function.Function;

/**
 * What the rules and maintenance resources do between HTTP and their service, so that the two APIs
 * answer alike: bodies read with the config file's loader ({@link Definitions}), the caller recorded
 * as the actor, 201 with a Location, 204 on delete. The resources keep the JAX-RS and OpenAPI
 * annotations, which differ per API (roles, descriptions).
 *
 * @param <T> the definition as the config loader reads it
 */
final class DefinitionEndpoints<T> {

    private final ProvisionedDefinitions<T> service;
    private final Function<JsonNode, T> read;
    private final String path;
    private final Caller caller;

    /**
     * @param read reads a body, e.g. {@link Definitions#rule}
     * @param path the resource's path, which with a name makes the Location of a created definition
     */
    DefinitionEndpoints(ProvisionedDefinitions<T> service, Function<JsonNode, T> read, String path, Caller caller) {
        this.service = service;
        this.read = read;
        this.path = path;
        this.caller = caller;
    }

    Uni<List<DefinitionView>> list() {
        return service.list();
    }

    Uni<DefinitionView> get(String name) {
        return service.get(name);
    }

    Uni<Response> create(String body) {
        T definition = read.apply(JsonBody.parse(body));
        return service.create(definition, caller.name())
                .map(view -> Response.created(URI.create(path + "/" + view.name())).entity(view).build());
    }

    Uni<DefinitionView> replace(String name, String body) {
        T definition = read.apply(Definitions.named(JsonBody.parse(body), name));
        return service.replace(definition, caller.name());
    }

    Uni<Response> delete(String name) {
        return service.delete(name, caller.name()).map(nothing -> Response.noContent().build());
    }
}
