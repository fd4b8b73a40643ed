package io.vigil.alert.service;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.store.AlertHistoryEntry;
import io.vigil.alert.store.AlertPage;
import io.vigil.alert.store.AlertQueries;
import io.vigil.alert.store.AlertSearch;
import io.vigil.alert.store.AlertView;
import io.vigil.alert.store.RuleStats;
import io.vigil.support.rest.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the API may ask about alerts; the REST layer goes through here, never to the store. */
@ApplicationScoped
public class AlertQueryService {

    private final AlertQueries queries;

    public AlertQueryService(AlertQueries queries) {
        this.queries = queries;
    }

    /** A page of the alerts {@code search} selects, most recently changed first. */
    public Uni<AlertPage> search(AlertSearch search) {
        return queries.search(search);
    }

    /** An alert with every change it went through; {@link NotFoundException} for an unknown id. */
    public Uni<AlertWithHistory> get(UUID id) {
        return queries.get(id).chain(alert -> {
            if (alert.isEmpty()) {
                return Uni.createFrom().failure(new NotFoundException("id", "no alert has the id " + id));
            }
            return queries.history(id).map(history -> new AlertWithHistory(alert.get(), history));
        });
    }

    /** Per-rule figures over the alerts that fired in [{@code from}, {@code to}). */
    public Uni<List<RuleStats>> stats(Instant from, Instant to) {
        return queries.stats(from, to);
    }

    /** An alert and its history in sequence order. */
    public record AlertWithHistory(AlertView alert, List<AlertHistoryEntry> history) {
    }
}
