package io.vigil.notifier.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.RouteConfig;
import io.vigil.events.Json;
import io.vigil.notifier.config.NotifierConfig;
import io.vigil.notifier.route.Router;
import io.vigil.notifier.store.ApiRouteStore;
import io.vigil.support.rest.BadRequestException;
import io.vigil.support.rest.ConflictException;
import io.vigil.support.rest.DefinitionBodies;
import io.vigil.support.rest.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Routes added, changed and removed through {@code /api/routes}: checked by the config loader (as in
 * the file, with literal text), stored in {@code notifier.api_routes}, and put into the router's tree
 * after the file's routes. Routes of the file are read-only here (409). Every
 * {@code notifier.admin-refresh} the stored routes are read again, so another notifier's changes
 * take effect too; on this one, at once.
 */
@ApplicationScoped
public class RouteAdmin {

    private static final ConfigLoader LOADER = ConfigLoader.forSections(ConfigLoader.Section.ROUTES);

    private final Router router;
    private final ApiRouteStore store;
    private final Vertx vertx;
    private final NotifierConfig config;
    private final AtomicBoolean loading = new AtomicBoolean();
    private volatile long timer = -1;

    public RouteAdmin(Router router, ApiRouteStore store, Vertx vertx, NotifierConfig config) {
        this.router = router;
        this.store = store;
        this.vertx = vertx;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Math.max(100, config.adminRefresh().toMillis()), id -> refresh());
        refresh();
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void refresh() {
        if (!loading.compareAndSet(false, true)) {
            return;
        }
        reload().subscribe().with(count -> loading.set(false), failure -> {
            loading.set(false);
            Log.warnf("api routes not reloaded cause=%s (tried again in %s)", failure.toString(), config.adminRefresh());
        });
    }

    /** Reads the stored routes into the tree; one that no longer fits (its name is now the file's) is left out. */
    public Uni<Integer> reload() {
        return store.all().map(stored -> {
            Set<String> taken = new HashSet<>();
            router.tree().all().stream().filter(this::fromFile).forEach(r -> taken.add(r.name()));
            List<RouteConfig> routes = new ArrayList<>();
            for (ApiRouteStore.Stored s : stored) {
                try {
                    RouteConfig route = LOADER.parseRoute(Json.mapper().readTree(s.definition()), taken);
                    names(route, taken);
                    routes.add(route);
                } catch (Exception e) {
                    Log.errorf("api route %s left out: %s", s.name(), e.getMessage());
                }
            }
            router.replaceApiRoutes(routes);
            return routes.size();
        });
    }

    /** Whether a route (top level or child) comes from the file. */
    public boolean fromFile(RouteConfig route) {
        return contains(router.fileRoutes(), route.name());
    }

    public Uni<RouteConfig> create(String body, String actor) {
        JsonNode node = DefinitionBodies.parse(body, null);
        String name = node.path("name").asText(null);
        if (name != null && router.tree().byName(name).isPresent()) {
            throw new ConflictException("name", "a route named '" + name + "' exists");
        }
        RouteConfig route = parse(node, otherNames(null));
        return store.insert(route.name(), Json.write(node), actor).chain(inserted -> {
            if (!inserted) {
                throw new ConflictException("name", "a route named '" + route.name() + "' exists");
            }
            Log.infof("api route added name=%s by=%s", route.name(), actor);
            return reload().replaceWith(route);
        });
    }

    public Uni<RouteConfig> update(String name, String body, String actor) {
        editable(name);
        JsonNode node = DefinitionBodies.parse(body, name);
        if (node != null && !name.equals(node.path("name").asText())) {
            throw new BadRequestException("name", "is '" + node.path("name").asText() + "', the path says '" + name
                    + "' (a route is renamed by removing it and adding it again)");
        }
        RouteConfig route = parse(node, otherNames(name));
        return store.update(name, Json.write(node), actor).chain(updated -> {
            if (!updated) {
                throw new NotFoundException("name", "no route is named '" + name + "'");
            }
            Log.infof("api route changed name=%s by=%s", name, actor);
            return reload().replaceWith(route);
        });
    }

    public Uni<Void> delete(String name, String actor) {
        editable(name);
        return store.delete(name).chain(deleted -> {
            if (!deleted) {
                throw new NotFoundException("name", "no route is named '" + name + "'");
            }
            Log.infof("api route removed name=%s by=%s", name, actor);
            return reload().replaceWithVoid();
        });
    }

    /** Only a top-level route of the API may be changed or removed here. */
    private void editable(String name) {
        Optional<RouteConfig> route = router.tree().byName(name);
        if (route.isEmpty()) {
            throw new NotFoundException("name", "no route is named '" + name + "'");
        }
        if (fromFile(route.get())) {
            throw new ConflictException("name", "route '" + name + "' is provisioned from the config file; change it there");
        }
        if (router.apiRoutes().stream().noneMatch(r -> r.name().equals(name))) {
            throw new ConflictException("name", "route '" + name + "' is a child of another route; change that route");
        }
    }

    /** Every route name but those of the API route {@code except} and its children. */
    private Set<String> otherNames(String except) {
        Set<String> names = new HashSet<>();
        for (RouteConfig r : router.fileRoutes()) {
            names(r, names);
        }
        for (RouteConfig r : router.apiRoutes()) {
            if (!r.name().equals(except)) {
                names(r, names);
            }
        }
        return names;
    }

    private static void names(RouteConfig route, Set<String> into) {
        into.add(route.name());
        route.routes().forEach(c -> names(c, into));
    }

    private static boolean contains(List<RouteConfig> routes, String name) {
        for (RouteConfig r : routes) {
            if (r.name().equals(name) || contains(r.routes(), name)) {
                return true;
            }
        }
        return false;
    }

    /** Checked by the config loader (400 naming the field); a name another route has is a 409. */
    private static RouteConfig parse(JsonNode node, Set<String> taken) {
        try {
            return LOADER.parseRoute(node, taken);
        } catch (ConfigException e) {
            if (e.getMessage() != null && e.getMessage().endsWith("another route has the same name")) {
                throw new ConflictException(e.field(), e.getMessage());
            }
            throw e;
        }
    }
}
