package io.vigil.alert.service;

import io.quarkus.logging.Log;
import io.vigil.alert.config.RulesProducer.AlertFile;
import io.vigil.alert.rule.RuleBook;
import io.vigil.config.RuleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The current rule set: the rules provisioned from the config file plus those stored through the
 * API. Each change makes a new {@link RuleBook} with a higher version; the pipeline picks it up
 * before its next batch or tick, so an edit takes effect without a restart.
 */
@ApplicationScoped
public class RuleRegistry implements Supplier<RuleBook> {

    private final List<RuleConfig> provisioned;
    private final AlertFile file;
    private volatile RuleBook book;

    public RuleRegistry(AlertFile file) {
        this.file = file;
        this.provisioned = file.config().rules();
        this.book = new RuleBook(1, provisioned, file.alerting());
    }

    @Override
    public RuleBook get() {
        return book;
    }

    /**
     * Takes the rules stored through the API (all of them). A stored rule whose name a provisioned
     * rule has is ignored: the file wins (the API refuses such names, so this only happens when the
     * file gained a rule of that name later).
     */
    public synchronized void stored(List<RuleConfig> stored) {
        Map<String, RuleConfig> all = new LinkedHashMap<>();
        provisioned.forEach(r -> all.put(r.name(), r));
        for (RuleConfig r : stored) {
            if (all.containsKey(r.name())) {
                Log.warnf("stored rule ignored name=%s: the config file provisions a rule of that name", r.name());
                continue;
            }
            all.put(r.name(), r);
        }
        List<RuleConfig> rules = new ArrayList<>(all.values());
        if (!rules.equals(book.rules())) {
            book = new RuleBook(book.version() + 1, rules, file.alerting());
            Log.infof("rules changed version=%d rules=%d (provisioned=%d, through the API=%d)", book.version(),
                    rules.size(), provisioned.size(), rules.size() - provisioned.size());
        }
    }
}
