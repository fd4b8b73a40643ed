package io.vigil.alert.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.events.AlertEvent;
import io.vigil.events.AlertState;
import io.vigil.events.EventSource;
import io.vigil.events.GroupedAlert;
import io.vigil.events.Json;
import io.vigil.events.NotificationKind;
import io.vigil.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Acknowledging a firing alert, in one transaction: the row (locked), its history, the dispatch
 * queue (so the dispatcher tells the channel) and the outbox (the {@code alerts} topic). The
 * dispatcher and the outbox relay pick the queued rows up; nothing else is needed after the commit.
 */
@ApplicationScoped
public class Acknowledgements {

    private final Pool pool;
    private final EventSource source;
    private final Clock clock;

    public Acknowledgements(Pool pool) {
        this.pool = pool;
        this.source = new EventSource("alert-service", localHost());
        this.clock = Clock.systemUTC();
    }

    /**
     * Acknowledges alert {@code id} for {@code actor}. Idempotent: an alert already acknowledged is
     * returned as it is, with no new event.
     *
     * @param comment may be null
     */
    public Uni<AckOutcome> acknowledge(UUID id, String actor, String comment) {
        return pool.withTransaction(conn -> conn.preparedQuery(
                        "SELECT " + AlertRows.COLUMNS + " FROM alert.alerts WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(new AckOutcome.NotFound());
                    }
                    AlertView alert = AlertRows.view(rows.iterator().next());
                    if (alert.state() == AlertState.ACKNOWLEDGED) {
                        return Uni.createFrom().item(new AckOutcome.AlreadyAcknowledged(alert));
                    }
                    if (alert.state() != AlertState.FIRING) {
                        return Uni.createFrom().item(new AckOutcome.NotFiring(alert.state()));
                    }
                    return acknowledge(conn, id, actor, comment, clock.instant());
                }));
    }

    private Uni<AckOutcome> acknowledge(SqlConnection conn, UUID id, String actor, String comment, Instant at) {
        // The sequence is shared with the pipeline's transitions: counted in the row, never from memory.
        // updated_at stays: it is the sample time of the last transition, which the pipeline restores from.
        return conn.preparedQuery("""
                        UPDATE alert.alerts SET acknowledged_by = $2, acknowledged_at = $3, ack_comment = $4,
                            next_reminder_at = NULL, sequence = sequence + 1
                        WHERE id = $1
                        RETURNING\s""" + AlertRows.COLUMNS)
                .execute(Tuple.of(id, actor, Sql.time(at), comment))
                .map(rows -> AlertRows.view(rows.iterator().next()))
                .chain(alert -> record(conn, alert, actor, comment, at).replaceWith(new AckOutcome.Acknowledged(alert)));
    }

    private Uni<RowSet<Row>> record(SqlConnection conn, AlertView alert, String actor, String comment, Instant at) {
        UUID eventId = AlertStore.eventIdFor(alert.id(), alert.sequence());
        GroupedAlert item = new GroupedAlert(alert.id(), alert.fingerprint(), alert.sequence(),
                NotificationKind.ACKNOWLEDGED, alert.rule(), alert.severity(), alert.summary(), alert.labels(),
                alert.value(), alert.startsAt(), at, actor, comment);
        AlertEvent event = new AlertEvent(eventId, at, source, AlertEvent.SCHEMA_VERSION, alert.id(),
                alert.fingerprint(), alert.sequence(), alert.rule(), AlertState.FIRING, AlertState.ACKNOWLEDGED,
                alert.severity(), alert.labels(), alert.value(), alert.summary(), alert.startsAt(), comment);
        return conn.preparedQuery("""
                        INSERT INTO alert.alert_events (id, alert_id, sequence, from_state, to_state, severity, value,
                            occurred_at, reason, actor)
                        VALUES ($1, $2, $3, 'FIRING', 'ACKNOWLEDGED', $4, $5, $6, $7, $8)""")
                .execute(Tuple.from(Arrays.asList(eventId, alert.id(), alert.sequence(), alert.severity().name(),
                        alert.value(), Sql.time(at), comment, actor)))
                .chain(() -> conn.preparedQuery("""
                                INSERT INTO alert.dispatch_queue (alert_id, sequence, kind, item)
                                VALUES ($1, $2, 'ACKNOWLEDGED', $3::text::jsonb)""")
                        .execute(Tuple.of(alert.id(), alert.sequence(), Json.write(item))))
                .chain(() -> conn.preparedQuery(
                                "INSERT INTO alert.outbox (topic, record_key, payload) VALUES ($1, $2, $3)")
                        .execute(Tuple.of(Topics.ALERTS, alert.fingerprint(), Json.write(event))));
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
