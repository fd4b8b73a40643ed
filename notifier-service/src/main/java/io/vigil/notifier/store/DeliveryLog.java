package io.vigil.notifier.store;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.events.Notification;
import io.vigil.notifier.config.NotifierConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The delivery log in {@code notifier.delivery_log}, keyed by notification id and destination (a hash
 * of where it posts, {@code MattermostTarget.key()}): claiming that pair before posting is what keeps
 * a redelivered notification from posting twice to any destination.
 *
 * <p>A claim carries this process's owner id and a lease. What that guarantees: a notification is
 * never posted twice because Kafka delivers it twice, or because two processes get it after a
 * rebalance (the second waits for the first one's lease, which is renewed before each attempt). A
 * crash between a successful POST and recording it leaves the row pending; whoever takes it over
 * after the lease posts once more, so each crash can add at most one duplicate post per notification
 * that was in that window.
 *
 * <p>Every operation is retried with exponential back-off for as long as the database fails (never
 * an error to the caller), and {@link StoreHealth} reports the failure to readiness meanwhile.
 */
@ApplicationScoped
// Created at start, so a bad lease setting stops the service at once rather than at the first notification.
@Startup
public class DeliveryLog {

    /** Last errors are one line; a long one is cut so a row stays small. */
    static final int MAX_ERROR = 500;

    private final Pool pool;
    private final StoreHealth health;
    private final String owner = UUID.randomUUID().toString();
    private final Duration lease;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private volatile boolean closed;

    public DeliveryLog(Pool pool, StoreHealth health, NotifierConfig config) {
        this.pool = pool;
        this.health = health;
        this.lease = config.claimLease();
        this.initialBackoff = config.storeInitialBackoff();
        this.maxBackoff = config.storeMaxBackoff();
        // The lease must outlive the longest request (the sender bounds one at request-timeout + 1s):
        // otherwise another process could take the claim over while our POST is still on its way.
        Duration longestRequest = config.requestTimeout().plusSeconds(1);
        if (lease.compareTo(longestRequest) <= 0) {
            throw new IllegalArgumentException("notifier.claim-lease (" + lease + ") must be longer than "
                    + "notifier.request-timeout + 1s (" + longestRequest + ")");
        }
        Log.infof("delivery log owner=%s lease=%s", owner, lease);
    }

    /** This process's owner id, written into every claim it takes. */
    public String owner() {
        return owner;
    }

    /**
     * Claims a notification for delivery: takes it when new, when this process already holds it, or
     * when another holder's lease has ended (one conditional upsert, so two processes never both win).
     */
    public Uni<Claim> claim(Notification n, String route, String destination, String destinationName) {
        return retrying("claim", () -> pool.preparedQuery("""
                        INSERT INTO notifier.delivery_log AS d
                            (notification_id, fingerprint, rule, kind, route, status, owner, lease_until,
                             destination, destination_name)
                        VALUES ($1, $2, $3, $4, $5, 'pending', $6, now() + $7::bigint * interval '1 millisecond',
                                $8, $9)
                        ON CONFLICT (notification_id, destination) DO UPDATE
                            SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until, route = EXCLUDED.route,
                                updated_at = now()
                            WHERE d.status = 'pending'
                              AND (d.owner IS NULL OR d.owner = EXCLUDED.owner
                                   OR d.lease_until IS NULL OR d.lease_until <= now())
                        RETURNING status""")
                .execute(Tuple.from(Arrays.asList(n.eventId(), n.fingerprint(), n.rule(),
                        n.kind().name().toLowerCase(Locale.ROOT), route, owner, lease.toMillis(), destination,
                        destinationName)))
                .chain(taken -> taken.rowCount() > 0
                        ? Uni.createFrom().item(Claim.taken())
                        : current(n.eventId(), destination)));
    }

    /**
     * Takes back a held notification for release once its mute window closed: only a row still held
     * (or pending with our claim, or pending past its lease after a crash mid-release) is taken.
     */
    public Uni<Boolean> claimHeld(UUID id, String destination) {
        return retrying("claim_held", () -> pool.preparedQuery("""
                        UPDATE notifier.delivery_log
                        SET status = 'pending', owner = $3, lease_until = now() + $4::bigint * interval '1 millisecond',
                            updated_at = now()
                        WHERE notification_id = $1 AND destination = $2
                          AND (status = 'held' OR (status = 'pending'
                               AND (owner = $3 OR lease_until IS NULL OR lease_until <= now())))""")
                .execute(Tuple.of(id, destination, owner, lease.toMillis()))
                .map(rows -> rows.rowCount() > 0));
    }

    /** Why the upsert did not take the row: finished, or held by someone else for a while yet. */
    private Uni<Claim> current(UUID id, String destination) {
        return pool.preparedQuery("""
                        SELECT status,
                               GREATEST(0, CEIL(EXTRACT(EPOCH FROM (lease_until - now())) * 1000))::bigint AS left_ms
                        FROM notifier.delivery_log WHERE notification_id = $1 AND destination = $2""")
                .execute(Tuple.of(id, destination))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        // Deleted in between (retention): the next claim inserts it again.
                        return Claim.held(Duration.ZERO);
                    }
                    var row = it.next();
                    DeliveryStatus status = DeliveryStatus.of(row.getString("status"));
                    if (status.isFinal()) {
                        return Claim.finished(status);
                    }
                    Long left = row.getLong("left_ms");
                    return Claim.held(Duration.ofMillis(left == null ? 0 : left));
                });
    }

    /**
     * Extends this process's claim before another attempt. False when the claim is no longer ours
     * (another process took it over after our lease ended): then we must not post.
     */
    public Uni<Boolean> renew(UUID id, String destination) {
        return retrying("renew", () -> pool.preparedQuery("""
                        UPDATE notifier.delivery_log
                        SET lease_until = now() + $3::bigint * interval '1 millisecond', updated_at = now()
                        WHERE notification_id = $1 AND owner = $2 AND status = 'pending' AND destination = $4""")
                .execute(Tuple.of(id, owner, lease.toMillis(), destination))
                .map(rows -> rows.rowCount() > 0));
    }

    /** The recorded status (of its first destination), or null when the id was never seen. */
    public Uni<DeliveryStatus> status(UUID id) {
        return retrying("status", () -> pool.preparedQuery(
                        "SELECT status FROM notifier.delivery_log WHERE notification_id = $1 ORDER BY created_at LIMIT 1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? DeliveryStatus.of(it.next().getString("status")) : null;
                }));
    }

    /** Notes a failed attempt that will be retried, so the log shows progress during long retries. */
    public Uni<Void> attemptFailed(UUID id, String destination, int attempts, String error) {
        return retrying("attempt", () -> pool.preparedQuery("""
                        UPDATE notifier.delivery_log SET attempts = $2, last_error = $3, updated_at = now()
                        WHERE notification_id = $1 AND owner = $4 AND destination = $5""")
                .execute(Tuple.of(id, attempts, cut(error), owner, destination))
                .replaceWithVoid());
    }

    public Uni<Void> delivered(UUID id, String destination, String route, int attempts, Duration took) {
        return finish(id, destination, DeliveryStatus.DELIVERED, route, attempts, null, took);
    }

    public Uni<Void> dead(UUID id, String destination, String route, int attempts, String error, Duration took) {
        return finish(id, destination, DeliveryStatus.DEAD, route, attempts, error, took);
    }

    /** Held by a mute window: the row stays, not final for a release, but a redelivery skips it. */
    public Uni<Void> held(UUID id, String destination, String route) {
        return finish(id, destination, DeliveryStatus.HELD, route, 0, null, null);
    }

    public Uni<Void> unrouted(Notification n) {
        // No destination: claimed and finished in one statement.
        return retrying("unrouted", () -> pool.preparedQuery("""
                        INSERT INTO notifier.delivery_log AS d
                            (notification_id, fingerprint, rule, kind, status, finished_at, destination)
                        VALUES ($1, $2, $3, $4, 'unrouted', now(), '')
                        ON CONFLICT (notification_id, destination) DO NOTHING""")
                .execute(Tuple.of(n.eventId(), n.fingerprint(), n.rule(), n.kind().name().toLowerCase(Locale.ROOT)))
                .replaceWithVoid());
    }

    /** Only the holder records an outcome: a process that lost its claim leaves the row to the new holder. */
    private Uni<Void> finish(UUID id, String destination, DeliveryStatus status, String route, int attempts,
            String error, Duration took) {
        return retrying("finish", () -> pool.preparedQuery("""
                        UPDATE notifier.delivery_log
                        SET status = $2, route = $3, attempts = $4, last_error = $5, updated_at = now(),
                            finished_at = CASE WHEN $2 = 'held' THEN NULL ELSE now() END, lease_until = NULL,
                            latency_ms = $8
                        WHERE notification_id = $1 AND owner = $6 AND destination = $7""")
                .execute(Tuple.from(Arrays.asList(id, status.label(), route, attempts, cut(error), owner, destination,
                        took == null ? null : took.toMillis())))
                .replaceWithVoid());
    }

    /** One row of the delivery log, as {@code GET /api/deliveries} shows it (never a URL or token). */
    public record Entry(UUID notificationId, String fingerprint, String rule, String kind, String route,
            String destination, String status, int attempts, String lastError, java.time.Instant createdAt,
            java.time.Instant finishedAt, Long latencyMs) {
    }

    /** The latest rows, newest first; {@code status} and {@code route} filter when not null. */
    public Uni<java.util.List<Entry>> recent(String status, String route, int limit) {
        return retrying("recent", () -> pool.preparedQuery("""
                        SELECT notification_id, fingerprint, rule, kind, route, destination_name, status, attempts,
                               last_error, created_at, finished_at, latency_ms
                        FROM notifier.delivery_log
                        WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR route = $2)
                        ORDER BY created_at DESC LIMIT $3""")
                .execute(Tuple.from(Arrays.asList(status, route, limit)))
                .map(rows -> {
                    java.util.List<Entry> entries = new java.util.ArrayList<>();
                    for (var r : rows) {
                        java.time.OffsetDateTime finished = r.getOffsetDateTime("finished_at");
                        entries.add(new Entry(r.getUUID("notification_id"), r.getString("fingerprint"),
                                r.getString("rule"), r.getString("kind"), r.getString("route"),
                                r.getString("destination_name"), r.getString("status"), r.getInteger("attempts"),
                                r.getString("last_error"), r.getOffsetDateTime("created_at").toInstant(),
                                finished == null ? null : finished.toInstant(), r.getLong("latency_ms")));
                    }
                    return entries;
                }));
    }

    /**
     * Deletes up to {@code limit} rows finished more than {@code age} ago and returns how many went.
     * Not retried: the clean-up simply runs again next time.
     */
    public Uni<Integer> purgeFinishedBefore(Duration age, int limit) {
        return pool.preparedQuery("""
                        DELETE FROM notifier.delivery_log WHERE notification_id IN (
                            SELECT notification_id FROM notifier.delivery_log
                            WHERE finished_at < now() - $1::bigint * interval '1 millisecond'
                            LIMIT $2)""")
                .execute(Tuple.of(age.toMillis(), limit))
                .map(rows -> rows.rowCount());
    }

    /**
     * Runs a database operation until it succeeds, backing off exponentially (with jitter) up to the
     * configured ceiling. A database outage must never nack a record: it would stop the channel.
     */
    public <T> Uni<T> retrying(String operation, Supplier<Uni<? extends T>> action) {
        return Uni.createFrom().<T>deferred(action)
                .onFailure(t -> !closed).invoke(t -> health.failed(operation, t))
                .onFailure(t -> !closed).retry().withBackOff(initialBackoff, maxBackoff).indefinitely()
                .invoke(health::succeeded);
    }

    @PreDestroy
    void close() {
        // At shutdown the pool goes away: stop retrying so nothing loops against a closed pool.
        closed = true;
    }

    private static String cut(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }
}
