package io.vigil.alert.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.config.RulesProducer.Rules;
import io.vigil.alert.store.RuleStore;
import io.vigil.config.ConfigWriter;
import io.vigil.config.RuleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rules: those provisioned from the config file (read-only here: the file is their source of truth)
 * and those added through the API (admins create, change and delete them). A name belongs to one
 * rule across both.
 */
@ApplicationScoped
public class RuleService {

    static final String PROVISIONED = "is provisioned from the config file; change it there";

    private final List<RuleConfig> provisioned;
    private final RuleStore store;
    private final Clock clock;
    private final AdminSources sources;

    public RuleService(Rules provisioned, RuleStore store, Clock clock, AdminSources sources) {
        this.provisioned = provisioned.list();
        this.store = store;
        this.clock = clock;
        this.sources = sources;
    }

    /** Every rule: provisioned ones first (in file order), then stored ones by name. */
    public Uni<List<DefinitionView>> list() {
        return store.list().map(stored -> {
            List<DefinitionView> all = new ArrayList<>();
            provisioned.forEach(r -> all.add(DefinitionView.provisioned(r.name(), ConfigWriter.rule(r), null)));
            stored.forEach(d -> all.add(DefinitionView.stored(d, null)));
            return all;
        });
    }

    public Uni<DefinitionView> get(String name) {
        Optional<RuleConfig> file = provisioned(name);
        if (file.isPresent()) {
            return Uni.createFrom().item(DefinitionView.provisioned(name, ConfigWriter.rule(file.get()), null));
        }
        return store.get(name).map(d -> DefinitionView.stored(d.orElseThrow(() -> notFound(name)), null));
    }

    /** Adds a rule; {@link ConflictException} when any rule (provisioned or stored) has its name. */
    public Uni<DefinitionView> create(RuleConfig rule, String actor) {
        if (provisioned(rule.name()).isPresent()) {
            return Uni.createFrom().failure(new ConflictException("name",
                    "a rule named '" + rule.name() + "' " + PROVISIONED + " (choose another name)"));
        }
        return store.insert(rule, actor, clock.instant()).map(d -> {
            DefinitionView view = DefinitionView.stored(d.orElseThrow(() -> new ConflictException("name",
                    "a rule named '" + rule.name() + "' exists already")), null);
            Log.infof("rule created name=%s by=%s", rule.name(), actor);
            return view;
        }).call(v -> sources.reloadRules());
    }

    /**
     * Replaces a stored rule; a provisioned one is {@link ConflictException}, an unknown one
     * {@link NotFoundException}.
     */
    public Uni<DefinitionView> replace(RuleConfig rule, String actor) {
        if (provisioned(rule.name()).isPresent()) {
            return Uni.createFrom().failure(provisionedConflict(rule.name()));
        }
        return store.update(rule, actor, clock.instant()).map(d -> {
            DefinitionView view = DefinitionView.stored(d.orElseThrow(() -> notFound(rule.name())), null);
            Log.infof("rule changed name=%s by=%s", rule.name(), actor);
            return view;
        }).call(v -> sources.reloadRules());
    }

    /** Deletes a stored rule (its open alerts resolve as for a rule removed from the file). */
    public Uni<Void> delete(String name, String actor) {
        if (provisioned(name).isPresent()) {
            return Uni.createFrom().failure(provisionedConflict(name));
        }
        return store.delete(name).<Void>map(deleted -> {
            if (!deleted) {
                throw notFound(name);
            }
            Log.infof("rule deleted name=%s by=%s", name, actor);
            return null;
        }).call(v -> sources.reloadRules());
    }

    private Optional<RuleConfig> provisioned(String name) {
        return provisioned.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    private static ConflictException provisionedConflict(String name) {
        return new ConflictException("name", "rule '" + name + "' " + PROVISIONED);
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("name", "no rule is named '" + name + "'");
    }
}
