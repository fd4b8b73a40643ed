package io.vigil.alert.service;

import io.vigil.alert.config.RulesProducer.Rules;
import io.vigil.alert.store.RuleStore;
import io.vigil.config.ConfigWriter;
import io.vigil.config.RuleConfig;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Rules: those provisioned from the config file (read-only here: the file is their source of truth)
 * and those added through the API (admins create, change and delete them). A name belongs to one
 * rule across both.
 */
// @Singleton, not @ApplicationScoped: a client proxy would need a no-args constructor in
// ProvisionedDefinitions too, and nothing here needs one.
@Singleton
public class RuleService extends ProvisionedDefinitions<RuleConfig> {

    public RuleService(Rules provisioned, RuleStore store, Clock clock, AdminSources sources) {
        super(new Kind<>("rule", RuleConfig::name, ConfigWriter::rule, null), provisioned.list(),
                new Store<>(store::list, store::get, store::insert, store::update, store::delete), clock,
                sources::reloadRules);
    }
}
