package io.vigil.alert.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.store.StoredDefinition;
import io.vigil.config.ConfigException;
import io.vigil.support.rest.ConflictException;
import io.vigil.support.rest.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One kind of definition that the config file provisions and the API stores (rules, maintenance
 * windows): those from the file are read-only here (the file is their source of truth), those added
 * through the API are created, replaced and deleted, and a name belongs to one definition across both.
 * A write answers only once the engine has reloaded, so what the API says it stored is in use.
 *
 * @param <T> the definition as the config loader reads it
 */
public class ProvisionedDefinitions<T> {

    static final String PROVISIONED = "is provisioned from the config file; change it there";

    private final Kind<T> kind;
    private final List<T> provisioned;
    private final Store<T> store;
    private final Clock clock;
    private final Supplier<Uni<Void>> reload;
    // Not io.quarkus.logging.Log, whose category would be this class: the log lines keep the category
    // of the service that writes them (RuleService, MaintenanceService).
    private final Logger log = Logger.getLogger(getClass());

    protected ProvisionedDefinitions(Kind<T> kind, List<T> provisioned, Store<T> store, Clock clock,
            Supplier<Uni<Void>> reload) {
        this.kind = kind;
        this.provisioned = provisioned;
        this.store = store;
        this.clock = clock;
        this.reload = reload;
    }

    /** Every definition: provisioned ones first (in file order), then stored ones by name. */
    public Uni<List<DefinitionView>> list() {
        Instant now = clock.instant();
        return store.list().get().map(stored -> {
            List<DefinitionView> all = new ArrayList<>();
            provisioned.forEach(p -> all.add(provisionedView(p, now)));
            stored.forEach(d -> all.add(DefinitionView.stored(d, openAt(d, now))));
            return all;
        });
    }

    public Uni<DefinitionView> get(String name) {
        Instant now = clock.instant();
        Optional<T> file = provisioned(name);
        if (file.isPresent()) {
            return Uni.createFrom().item(provisionedView(file.get(), now));
        }
        return store.get().apply(name).map(d -> {
            StoredDefinition found = d.orElseThrow(() -> notFound(name));
            return DefinitionView.stored(found, openAt(found, now));
        });
    }

    /** Adds a definition; {@link ConflictException} when any (provisioned or stored) has its name. */
    public Uni<DefinitionView> create(T definition, String actor) {
        String name = kind.name().apply(definition);
        if (provisioned(name).isPresent()) {
            return Uni.createFrom().failure(new ConflictException("name",
                    "a " + kind.noun() + " named '" + name + "' " + PROVISIONED + " (choose another name)"));
        }
        Instant now = clock.instant();
        return store.insert().write(definition, actor, now).map(d -> {
            DefinitionView view = DefinitionView.stored(d.orElseThrow(() -> new ConflictException("name",
                    "a " + kind.noun() + " named '" + name + "' exists already")), openAt(definition, now));
            log.infof("%s created name=%s by=%s", kind.noun(), name, actor);
            return view;
        }).call(v -> reload.get());
    }

    /**
     * Replaces a stored definition; a provisioned one is {@link ConflictException}, an unknown one
     * {@link NotFoundException}.
     */
    public Uni<DefinitionView> replace(T definition, String actor) {
        String name = kind.name().apply(definition);
        if (provisioned(name).isPresent()) {
            return Uni.createFrom().failure(provisionedConflict(name));
        }
        Instant now = clock.instant();
        return store.update().write(definition, actor, now).map(d -> {
            DefinitionView view = DefinitionView.stored(d.orElseThrow(() -> notFound(name)), openAt(definition, now));
            log.infof("%s changed name=%s by=%s", kind.noun(), name, actor);
            return view;
        }).call(v -> reload.get());
    }

    /**
     * Deletes a stored definition (for a rule, its open alerts resolve as for one removed from the
     * file); a provisioned one is {@link ConflictException}, an unknown one {@link NotFoundException}.
     */
    public Uni<Void> delete(String name, String actor) {
        if (provisioned(name).isPresent()) {
            return Uni.createFrom().failure(provisionedConflict(name));
        }
        return store.delete().apply(name).<Void>map(deleted -> {
            if (!deleted) {
                throw notFound(name);
            }
            log.infof("%s deleted name=%s by=%s", kind.noun(), name, actor);
            return null;
        }).call(v -> reload.get());
    }

    private DefinitionView provisionedView(T definition, Instant now) {
        return DefinitionView.provisioned(kind.name().apply(definition), kind.write().apply(definition),
                openAt(definition, now));
    }

    private Boolean openAt(T definition, Instant now) {
        return kind.openNow() == null ? null : kind.openNow().openAt().test(definition, now);
    }

    /** Null also when a stored definition no longer parses (the engine skips it too). */
    private Boolean openAt(StoredDefinition d, Instant now) {
        if (kind.openNow() == null) {
            return null;
        }
        try {
            return openAt(kind.openNow().read().apply(d.definition()), now);
        } catch (ConfigException e) {
            return null;
        }
    }

    private Optional<T> provisioned(String name) {
        return provisioned.stream().filter(p -> kind.name().apply(p).equals(name)).findFirst();
    }

    private ConflictException provisionedConflict(String name) {
        return new ConflictException("name", kind.noun() + " '" + name + "' " + PROVISIONED);
    }

    private NotFoundException notFound(String name) {
        return new NotFoundException("name", "no " + kind.noun() + " is named '" + name + "'");
    }

    /**
     * What tells one kind of definition from another.
     *
     * @param noun what messages and log lines call one ("rule", "maintenance window")
     * @param write the definition in the config file's shape, as the API shows it
     * @param openNow for a kind that is open at some times and not at others; else null, and the views'
     *     {@code openNow} is left out
     */
    record Kind<T>(String noun, Function<T, String> name, Function<T, ObjectNode> write, OpenNow<T> openNow) {
    }

    /**
     * Whether a definition is open at an instant.
     *
     * @param read reads a stored definition back (the config loader's parse) to ask it
     */
    record OpenNow<T>(Function<ObjectNode, T> read, BiPredicate<T, Instant> openAt) {
    }

    /** The API's definitions as stored: the store's methods, as the stores of each kind share no type. */
    record Store<T>(Supplier<Uni<List<StoredDefinition>>> list, Function<String, Uni<Optional<StoredDefinition>>> get,
            Write<T> insert, Write<T> update, Function<String, Uni<Boolean>> delete) {
    }

    /** A store's insert or update: the stored row, or empty when the name is taken (insert) or unknown (update). */
    @FunctionalInterface
    interface Write<T> {
        Uni<Optional<StoredDefinition>> write(T definition, String actor, Instant now);
    }
}
