package io.vigil.alert.store;

import io.vigil.events.AlertState;
import io.vigil.events.Severity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One transition of one alert (row of {@code alert_events}), numbered per alert. */
@Entity
@Table(name = "alert_events")
public class AlertEventEntity {

    @Id
    public UUID id;
    @Column(name = "alert_id")
    public UUID alertId;
    public long sequence;
    @Enumerated(EnumType.STRING)
    @Column(name = "from_state")
    public AlertState fromState;
    @Enumerated(EnumType.STRING)
    @Column(name = "to_state")
    public AlertState toState;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    public double value;
    @Column(name = "occurred_at")
    public Instant occurredAt;
}
