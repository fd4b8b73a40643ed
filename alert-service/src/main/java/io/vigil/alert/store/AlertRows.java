package io.vigil.alert.store;

import io.vertx.mutiny.sqlclient.Row;
import io.vigil.events.AlertState;
import io.vigil.events.Severity;
import java.time.Instant;

/** The columns of {@code alert.alerts} the API shows, and how a row of them becomes an {@link AlertView}. */
final class AlertRows {

    static final String COLUMNS = """
            id, fingerprint, rule, state, severity, labels::text AS labels, value, summary, starts_at, fired_at,
            resolved_at, updated_at, sequence, acknowledged_by, acknowledged_at, ack_comment, flapping, muted_reason,
            inhibited_by, route""";

    private AlertRows() {
    }

    static AlertView view(Row r) {
        Instant acknowledgedAt = Sql.instant(r, "acknowledged_at");
        AlertState stored = AlertState.valueOf(r.getString("state"));
        AlertState shown = stored == AlertState.FIRING && acknowledgedAt != null ? AlertState.ACKNOWLEDGED : stored;
        return new AlertView(r.getUUID("id"), r.getString("fingerprint"), r.getString("rule"), shown,
                Severity.valueOf(r.getString("severity")), Sql.labels(r.getString("labels")), r.getString("summary"),
                r.getDouble("value"), Sql.instant(r, "starts_at"), Sql.instant(r, "fired_at"),
                Sql.instant(r, "resolved_at"), Sql.instant(r, "updated_at"), r.getLong("sequence"),
                acknowledgedAt == null ? null
                        : new AlertView.Acknowledgement(r.getString("acknowledged_by"), acknowledgedAt,
                                r.getString("ack_comment")),
                Boolean.TRUE.equals(r.getBoolean("flapping")), r.getString("muted_reason"),
                r.getUUID("inhibited_by"), r.getString("route"));
    }
}
