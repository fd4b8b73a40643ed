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
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One incident of one alert (row of {@code alerts}); its transitions are {@link AlertEventEntity} rows. */
@Entity
@Table(name = "alerts")
public class AlertEntity {

    @Id
    public UUID id;
    public String fingerprint;
    public String rule;
    @Enumerated(EnumType.STRING)
    public AlertState state;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, String> labels;
    public double value;
    public String summary;
    @Column(name = "starts_at")
    public Instant startsAt;
    @Column(name = "fired_at")
    public Instant firedAt;
    @Column(name = "resolved_at")
    public Instant resolvedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    public long sequence;
}
