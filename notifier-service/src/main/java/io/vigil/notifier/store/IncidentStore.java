package io.vigil.notifier.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.notifier.config.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the notifier remembers about incidents beyond the delivery log, in schema {@code notifier}:
 * bot threads (root post per incident and destination), posts held by mute windows, escalation steps
 * waiting for their time, and destinations failing for good. Every operation retries like the
 * delivery log's (a database outage waits, it never loses a post).
 */
@ApplicationScoped
public class IncidentStore {

    /** An open bot thread: where replies go and what the root first showed. */
    public record Thread(String rootPostId, String rootProps) {
    }

    /** A post held by a mute window, in arrival order. */
    public record Held(long id, UUID notificationId, String destination, String destinationName, String route,
            String notification) {
    }

    /** An escalation step whose time has come. */
    public record DueStep(String route, String incident, int step, String notification) {
    }

    /** A destination that refused posts for good. */
    public record Failing(String destination, String destinationName, String route, Instant since, String detail) {
    }

    private final Pool pool;
    private final DeliveryLog log;
    private final Duration lease;

    public IncidentStore(Pool pool, DeliveryLog log, NotifierConfig config) {
        this.pool = pool;
        this.log = log;
        this.lease = config.claimLease();
    }

    // --- bot threads ---------------------------------------------------------------------------

    public Uni<Optional<Thread>> thread(String destination, String incident) {
        return log.retrying("thread", () -> pool.preparedQuery(
                        "SELECT root_post_id, root_props FROM notifier.threads WHERE destination = $1 AND incident = $2")
                .execute(Tuple.of(destination, incident))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.<Thread>empty();
                    }
                    Row r = it.next();
                    return Optional.of(new Thread(r.getString("root_post_id"), r.getString("root_props")));
                }));
    }

    public Uni<Void> openThread(String destination, String incident, String rootPostId, String rootProps) {
        return log.retrying("thread_open", () -> pool.preparedQuery("""
                        INSERT INTO notifier.threads (destination, incident, root_post_id, root_props)
                        VALUES ($1, $2, $3, $4)
                        ON CONFLICT (destination, incident) DO UPDATE
                            SET root_post_id = EXCLUDED.root_post_id, root_props = EXCLUDED.root_props,
                                opened_at = now(), updated_at = now()""")
                .execute(Tuple.of(destination, incident, rootPostId, rootProps))
                .replaceWithVoid());
    }

    /** The incident is over: its next post starts a new thread. */
    public Uni<Void> closeThread(String destination, String incident) {
        return log.retrying("thread_close", () -> pool.preparedQuery(
                        "DELETE FROM notifier.threads WHERE destination = $1 AND incident = $2")
                .execute(Tuple.of(destination, incident))
                .replaceWithVoid());
    }

    // --- held by mute windows ------------------------------------------------------------------

    public Uni<Void> hold(UUID notificationId, String destination, String destinationName, String route,
            String notification) {
        return log.retrying("hold", () -> pool.preparedQuery("""
                        INSERT INTO notifier.held (notification_id, destination, destination_name, route, notification)
                        VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (notification_id, destination) DO NOTHING""")
                .execute(Tuple.of(notificationId, destination, destinationName, route, notification))
                .replaceWithVoid());
    }

    /** Held posts not being released by anyone right now, oldest first. */
    public Uni<List<Held>> heldPosts(int limit) {
        return log.retrying("held", () -> pool.preparedQuery("""
                        SELECT id, notification_id, destination, destination_name, route, notification
                        FROM notifier.held WHERE claimed_until IS NULL OR claimed_until <= now()
                        ORDER BY id LIMIT $1""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<Held> held = new ArrayList<>();
                    for (Row r : rows) {
                        held.add(new Held(r.getLong("id"), r.getUUID("notification_id"), r.getString("destination"),
                                r.getString("destination_name"), r.getString("route"), r.getString("notification")));
                    }
                    return held;
                }));
    }

    /** Takes held posts for release (a lease, so two processes never release the same one); returns those taken. */
    public Uni<List<Long>> claimHeld(List<Long> ids) {
        return log.retrying("held_claim", () -> pool.preparedQuery("""
                        UPDATE notifier.held SET claimed_until = now() + $2::bigint * interval '1 millisecond'
                        WHERE id = ANY($1) AND (claimed_until IS NULL OR claimed_until <= now())
                        RETURNING id""")
                .execute(Tuple.of(ids.toArray(new Long[0]), lease.toMillis()))
                .map(rows -> {
                    List<Long> taken = new ArrayList<>();
                    rows.forEach(r -> taken.add(r.getLong("id")));
                    return taken;
                }));
    }

    public Uni<Void> released(long id) {
        return log.retrying("held_release", () -> pool.preparedQuery("DELETE FROM notifier.held WHERE id = $1")
                .execute(Tuple.of(id))
                .replaceWithVoid());
    }

    // --- escalation ----------------------------------------------------------------------------

    /** Plans the steps of an incident once: a step already planned keeps its time (from the first post). */
    public Uni<Void> planEscalation(String route, String incident, List<Duration> afters, Instant from,
            String notification) {
        if (afters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>();
        for (int i = 0; i < afters.size(); i++) {
            batch.add(Tuple.of(route, incident, i, OffsetDateTime.ofInstant(from.plus(afters.get(i)), ZoneOffset.UTC),
                    notification));
        }
        return log.retrying("escalation_plan", () -> pool.preparedQuery("""
                        INSERT INTO notifier.escalations (route, incident, step, due_at, notification)
                        VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (route, incident, step) DO NOTHING""")
                .executeBatch(batch)
                .replaceWithVoid());
    }

    /** Acknowledged or resolved: no more steps for this incident on any route. */
    public Uni<Integer> cancelEscalation(String incident) {
        return log.retrying("escalation_cancel", () -> pool.preparedQuery(
                        "DELETE FROM notifier.escalations WHERE incident = $1")
                .execute(Tuple.of(incident))
                .map(rows -> rows.rowCount()));
    }

    /** Steps due at {@code now}, taken under a lease so two processes never send the same one. */
    public Uni<List<DueStep>> takeDueSteps(Instant now, int limit) {
        return log.retrying("escalation_due", () -> pool.preparedQuery("""
                        UPDATE notifier.escalations e
                        SET claimed_until = now() + $3::bigint * interval '1 millisecond'
                        FROM (SELECT route, incident, step FROM notifier.escalations
                              WHERE due_at <= $1 AND (claimed_until IS NULL OR claimed_until <= now())
                              ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED) due
                        WHERE e.route = due.route AND e.incident = due.incident AND e.step = due.step
                        RETURNING e.route, e.incident, e.step, e.notification""")
                .execute(Tuple.of(OffsetDateTime.ofInstant(now, ZoneOffset.UTC), limit, lease.toMillis()))
                .map(rows -> {
                    List<DueStep> due = new ArrayList<>();
                    for (Row r : rows) {
                        due.add(new DueStep(r.getString("route"), r.getString("incident"), r.getInteger("step"),
                                r.getString("notification")));
                    }
                    return due;
                }));
    }

    public Uni<Void> stepDone(String route, String incident, int step) {
        return log.retrying("escalation_done", () -> pool.preparedQuery(
                        "DELETE FROM notifier.escalations WHERE route = $1 AND incident = $2 AND step = $3")
                .execute(Tuple.of(route, incident, step))
                .replaceWithVoid());
    }

    // --- failing destinations ------------------------------------------------------------------

    /** Records a destination as failing; true only for the call that found it working before. */
    public Uni<Boolean> failing(String destination, String destinationName, String route, String detail) {
        return log.retrying("failing", () -> pool.preparedQuery("""
                        INSERT INTO notifier.failing_channels (destination, destination_name, route, detail)
                        VALUES ($1, $2, $3, $4)
                        ON CONFLICT (destination) DO UPDATE SET detail = EXCLUDED.detail
                        RETURNING (xmax = 0) AS inserted""")
                .execute(Tuple.from(Arrays.asList(destination, destinationName, route, detail)))
                .map(rows -> rows.iterator().next().getBoolean("inserted")));
    }

    /** A post went through: the destination works again. Returns what was recorded while it failed. */
    public Uni<Optional<Failing>> working(String destination) {
        return log.retrying("working", () -> pool.preparedQuery("""
                        DELETE FROM notifier.failing_channels WHERE destination = $1
                        RETURNING destination, destination_name, route, since, detail""")
                .execute(Tuple.of(destination))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? Optional.of(failing(it.next())) : Optional.<Failing>empty();
                }));
    }

    public Uni<Optional<Failing>> failingSince(String destination) {
        return log.retrying("failing_get", () -> pool.preparedQuery("""
                        SELECT destination, destination_name, route, since, detail
                        FROM notifier.failing_channels WHERE destination = $1""")
                .execute(Tuple.of(destination))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? Optional.of(failing(it.next())) : Optional.<Failing>empty();
                }));
    }

    public Uni<List<Failing>> allFailing() {
        return log.retrying("failing_all", () -> pool.query("""
                        SELECT destination, destination_name, route, since, detail FROM notifier.failing_channels
                        ORDER BY since""").execute()
                .map(rows -> {
                    List<Failing> all = new ArrayList<>();
                    rows.forEach(r -> all.add(failing(r)));
                    return all;
                }));
    }

    private static Failing failing(Row r) {
        return new Failing(r.getString("destination"), r.getString("destination_name"), r.getString("route"),
                r.getOffsetDateTime("since").toInstant(), r.getString("detail"));
    }
}
