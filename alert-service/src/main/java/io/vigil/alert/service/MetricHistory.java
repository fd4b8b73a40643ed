package io.vigil.alert.service;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.rollup.Steps;
import io.vigil.alert.store.RollupStore;
import io.vigil.config.LabelMatcher;
import io.vigil.config.LabelMatchers;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the metric history for the charts: stored minutes of one metric, filtered by matchers, combined into steps. */
@ApplicationScoped
public class MetricHistory {

    private final RollupStore store;

    public MetricHistory(RollupStore store) {
        this.store = store;
    }

    /** The series of {@code metric} whose labels every matcher accepts, with one point per step in [from, to). */
    public Uni<List<Steps.Series>> query(String metric, List<LabelMatcher> matchers, Instant from, Instant to,
            Duration step) {
        Steps steps = new Steps(from, to, step);
        // Equalities to a non-empty value are what jsonb containment answers exactly; the rest in Java.
        Map<String, String> containing = new HashMap<>();
        for (LabelMatcher m : matchers) {
            if (m.op() == LabelMatcher.Op.EQUAL && !m.value().isEmpty()) {
                containing.put(m.name(), m.value());
            }
        }
        return store.read(metric, steps.start(), to, containing)
                .map(rows -> steps.combine(rows.stream().filter(r -> LabelMatchers.matches(matchers, r.labels())).toList()));
    }
}
