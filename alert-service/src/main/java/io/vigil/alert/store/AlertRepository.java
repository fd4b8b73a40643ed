package io.vigil.alert.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vigil.events.AlertState;
import io.vigil.events.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Queries on {@code alerts}. */
@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<AlertEntity, UUID> {

    /** Pending and firing alerts: what the evaluator carries on after a restart. */
    public Uni<List<AlertEntity>> open() {
        return list("state in ?1", Set.of(AlertState.PENDING, AlertState.FIRING));
    }

    public Uni<List<AlertEntity>> byIds(Collection<UUID> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", ids);
    }

    /** Alerts in any of {@code states}, optionally of one severity, most recently changed first. */
    public Uni<List<AlertEntity>> search(Set<AlertState> states, Severity severity, int limit) {
        Parameters params = Parameters.with("states", states);
        String query = "state in :states";
        if (severity != null) {
            query += " and severity = :severity";
            params.and("severity", severity);
        }
        return find(query, Sort.descending("updatedAt"), params).page(Page.ofSize(limit)).list();
    }
}
