package io.vigil.alert.service;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.store.AlertStore;
import io.vigil.alert.store.StoredAlert;
import io.vigil.events.AlertState;
import io.vigil.events.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/** What the API may ask about alerts; the REST layer goes through here, never to the store. */
@ApplicationScoped
public class AlertQueryService {

    private final AlertStore store;

    public AlertQueryService(AlertStore store) {
        this.store = store;
    }

    /** Alerts in any of {@code states}, optionally of one severity, most recently changed first. */
    public Uni<List<StoredAlert>> search(Set<AlertState> states, Severity severity, int limit) {
        return store.search(states, severity, limit);
    }
}
