package io.vigil.alert.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Writes and reads {@code alert_events}. */
@ApplicationScoped
public class AlertEventRepository implements PanacheRepositoryBase<AlertEventEntity, UUID> {
}
