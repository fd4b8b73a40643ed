package io.vigil.alert.store;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.ConfigWriter;
import io.vigil.config.RuleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rules added through the API ({@code alert.rules}), stored in the config file's shape as
 * {@link ConfigWriter} writes it, so the one loader reads them back. Every write that changed a row
 * fires {@link AdminChange} ({@code RULES}) after its commit.
 */
@ApplicationScoped
public class RuleStore {

    private static final ConfigLoader LOADER = ConfigLoader.forSections(ConfigLoader.Section.RULES);

    private final DefinitionTable table;

    public RuleStore(Pool pool, Event<AdminChange> changes) {
        this.table = new DefinitionTable(pool, "rules", changes, AdminChange.Kind.RULES);
    }

    /**
     * Every stored rule, by name, for the engine. A definition this version no longer accepts (the
     * format tightened since it was stored) is left out with a warning, so one old rule cannot stop
     * all the others from loading.
     */
    public Uni<List<RuleConfig>> all() {
        return table.list().map(stored -> {
            List<RuleConfig> rules = new ArrayList<>();
            for (StoredDefinition d : stored) {
                try {
                    rules.add(LOADER.parseRule(d.definition()));
                } catch (ConfigException e) {
                    Log.warnf("stored rule skipped name=%s: %s", d.name(), e.getMessage());
                }
            }
            return rules;
        });
    }

    /** The stored rows, by name, as the API shows them. */
    public Uni<List<StoredDefinition>> list() {
        return table.list();
    }

    public Uni<Optional<StoredDefinition>> get(String name) {
        return table.get(name);
    }

    /** Stores a new rule; empty when a stored rule has its name already. */
    public Uni<Optional<StoredDefinition>> insert(RuleConfig rule, String actor, Instant now) {
        return table.insert(rule.name(), ConfigWriter.rule(rule), actor, now);
    }

    /** Replaces a stored rule; empty when none has its name. */
    public Uni<Optional<StoredDefinition>> update(RuleConfig rule, String actor, Instant now) {
        return table.update(rule.name(), ConfigWriter.rule(rule), actor, now);
    }

    /** Deletes a stored rule; false when none has this name. */
    public Uni<Boolean> delete(String name) {
        return table.delete(name);
    }
}
