package io.vigil.notifier.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.events.Notification;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/**
 * The delivery log in {@code notifier.delivery_log}, keyed by notification id: claiming an id
 * before posting is what keeps a redelivered notification from posting twice.
 */
@ApplicationScoped
public class DeliveryLog {

    /** Last errors are one line; a long one is cut so a row stays small. */
    static final int MAX_ERROR = 500;

    private final Pool pool;

    public DeliveryLog(Pool pool) {
        this.pool = pool;
    }

    /**
     * Claims a notification for delivery. Returns {@link DeliveryStatus#PENDING} when the caller
     * should go on (a new claim, or one left pending by an interrupted run), else the final status
     * already recorded.
     */
    public Uni<DeliveryStatus> claim(Notification n, String route) {
        return pool.preparedQuery("""
                        INSERT INTO notifier.delivery_log (notification_id, fingerprint, rule, kind, route, status)
                        VALUES ($1, $2, $3, $4, $5, 'pending')
                        ON CONFLICT (notification_id) DO NOTHING
                        RETURNING status""")
                .execute(Tuple.from(Arrays.asList(n.eventId(), n.fingerprint(), n.rule(),
                        n.kind().name().toLowerCase(Locale.ROOT), route)))
                .chain(inserted -> inserted.rowCount() > 0
                        ? Uni.createFrom().item(DeliveryStatus.PENDING)
                        : status(n.eventId()).map(s -> s == null ? DeliveryStatus.PENDING : s));
    }

    /** The recorded status, or null when the id was never seen. */
    public Uni<DeliveryStatus> status(UUID id) {
        return pool.preparedQuery("SELECT status FROM notifier.delivery_log WHERE notification_id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? DeliveryStatus.of(it.next().getString("status")) : null;
                });
    }

    /** Notes a failed attempt that will be retried, so the log shows progress during long retries. */
    public Uni<Void> attemptFailed(UUID id, int attempts, String error) {
        return pool.preparedQuery("""
                        UPDATE notifier.delivery_log SET attempts = $2, last_error = $3, updated_at = now()
                        WHERE notification_id = $1""")
                .execute(Tuple.of(id, attempts, cut(error)))
                .replaceWithVoid();
    }

    public Uni<Void> delivered(UUID id, String route, int attempts) {
        return finish(id, DeliveryStatus.DELIVERED, route, attempts, null);
    }

    public Uni<Void> dead(UUID id, String route, int attempts, String error) {
        return finish(id, DeliveryStatus.DEAD, route, attempts, error);
    }

    public Uni<Void> unrouted(UUID id) {
        return finish(id, DeliveryStatus.UNROUTED, null, 0, null);
    }

    private Uni<Void> finish(UUID id, DeliveryStatus status, String route, int attempts, String error) {
        return pool.preparedQuery("""
                        UPDATE notifier.delivery_log
                        SET status = $2, route = $3, attempts = $4, last_error = $5, updated_at = now(), finished_at = now()
                        WHERE notification_id = $1""")
                .execute(Tuple.from(Arrays.asList(id, status.label(), route, attempts, cut(error))))
                .replaceWithVoid();
    }

    private static String cut(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }
}
