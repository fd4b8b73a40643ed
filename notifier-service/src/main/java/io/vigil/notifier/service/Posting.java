package io.vigil.notifier.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.config.MattermostTarget;
import io.vigil.config.RateLimit;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import io.vigil.events.NotificationKind;
import io.vigil.notifier.delivery.Deliverer;
import io.vigil.notifier.delivery.Outgoing;
import io.vigil.notifier.delivery.SendResult;
import io.vigil.notifier.store.IncidentStore;
import io.vigil.notifier.template.PostRenderer;
import java.util.Optional;

/**
 * Puts one rendered post into Mattermost at one destination. A webhook takes one request. A bot
 * threads the incident: its first post is the thread root (kept in {@code notifier.threads}); later
 * posts are replies under it, and a change of state (acknowledged, resolved, …) also edits the root
 * to show it. When the incident resolves, its thread is closed and the next one starts a new root.
 */
public final class Posting {

    private final Deliverer deliverer;
    private final IncidentStore incidents;
    private final PostRenderer renderer;
    private final RateLimit defaultRate;
    private final NotifierMetrics metrics;

    public Posting(Deliverer deliverer, IncidentStore incidents, PostRenderer renderer, RateLimit defaultRate,
            NotifierMetrics metrics) {
        this.deliverer = deliverer;
        this.incidents = incidents;
        this.renderer = renderer;
        this.defaultRate = defaultRate;
        this.metrics = metrics;
    }

    Deliverer.Limit limit(MattermostTarget target) {
        return new Deliverer.Limit(target.key(), target.name(), target.rateLimit() != null ? target.rateLimit()
                : defaultRate);
    }

    /**
     * Posts {@code post} (a webhook body as the renderer made it) for notification {@code n} of
     * {@code incident}. The result is that of the post itself; an edit of a thread root that fails is
     * logged and counted, not retried beyond its own attempts.
     */
    Uni<Deliverer.Result> post(Notification n, String incident, MattermostTarget target, ObjectNode post,
            Deliverer.RetryListener onRetry, Deliverer.AttemptGuard guard) {
        if (!target.bot()) {
            return deliverer.deliver(limit(target), Outgoing.post(target.webhookUrl(), null, Json.write(post)),
                    onRetry, guard);
        }
        return incidents.thread(target.key(), incident).chain(thread -> thread.isEmpty()
                ? root(n, incident, target, post, onRetry, guard)
                : reply(n, incident, target, post, thread.get(), onRetry, guard));
    }

    /** One post, outside any thread (a test post): the bot's goes to the channel as a post of its own. */
    Uni<Deliverer.Result> single(MattermostTarget target, ObjectNode post) {
        Deliverer.RetryListener quiet = (attempt, failure, delay) -> Uni.createFrom().voidItem();
        if (!target.bot()) {
            return deliverer.deliver(limit(target), Outgoing.post(target.webhookUrl(), null, Json.write(post)), quiet);
        }
        return deliverer.deliver(limit(target), Outgoing.post(postsUrl(target), target.botToken(),
                Json.write(botBody(target, post, null))), quiet);
    }

    private Uni<Deliverer.Result> root(Notification n, String incident, MattermostTarget target, ObjectNode post,
            Deliverer.RetryListener onRetry, Deliverer.AttemptGuard guard) {
        ObjectNode body = botBody(target, post, null);
        return deliverer.deliver(limit(target), Outgoing.post(postsUrl(target), target.botToken(), Json.write(body)),
                onRetry, guard).call(result -> {
                    if (!result.delivered() || closes(n)) {
                        // A one-post incident (resolved before anything else) needs no thread.
                        return Uni.createFrom().voidItem();
                    }
                    Optional<String> id = postId(result.last());
                    if (id.isEmpty()) {
                        Log.warnf("bot post answered without an id destination=%s: later posts start new threads",
                                target.name());
                        return Uni.createFrom().voidItem();
                    }
                    return incidents.openThread(target.key(), incident, id.get(), Json.write(body.get("props")));
                });
    }

    private Uni<Deliverer.Result> reply(Notification n, String incident, MattermostTarget target, ObjectNode post,
            IncidentStore.Thread thread, Deliverer.RetryListener onRetry, Deliverer.AttemptGuard guard) {
        ObjectNode body = botBody(target, post, thread.rootPostId());
        return deliverer.deliver(limit(target), Outgoing.post(postsUrl(target), target.botToken(), Json.write(body)),
                onRetry, guard).call(result -> {
                    if (!result.delivered()) {
                        return Uni.createFrom().voidItem();
                    }
                    Uni<Void> edited = changesState(n) ? editRoot(n, target, thread) : Uni.createFrom().voidItem();
                    return closes(n) ? edited.chain(() -> incidents.closeThread(target.key(), incident)) : edited;
                });
    }

    /** Edits the thread root to show the incident's state now. */
    private Uni<Void> editRoot(Notification n, MattermostTarget target, IncidentStore.Thread thread) {
        ObjectNode props;
        try {
            props = (ObjectNode) Json.mapper().readTree(thread.rootProps());
        } catch (Exception e) {
            props = Json.mapper().createObjectNode();
        }
        ObjectNode patch = Json.mapper().createObjectNode();
        patch.put("message", renderer.stateLine(n));
        patch.set("props", renderer.rootState(n, props));
        Outgoing request = new Outgoing("PUT", target.serverUrl() + "/api/v4/posts/" + thread.rootPostId() + "/patch",
                target.botToken(), Json.write(patch));
        return deliverer.deliver(limit(target), request, (attempt, failure, delay) -> Uni.createFrom().voidItem())
                .invoke(result -> {
                    metrics.rootEdit(target.name(), result.delivered() ? "edited" : "failed");
                    if (!result.delivered()) {
                        Log.warnf("thread root edit failed destination=%s attempts=%d cause=%s detail=%s",
                                target.name(), result.attempts(), result.last().cause(), result.last().detail());
                    }
                }).replaceWithVoid();
    }

    /** The bot API body from a webhook body: attachments and priority move where the API wants them. */
    static ObjectNode botBody(MattermostTarget target, ObjectNode webhookBody, String rootId) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("channel_id", target.channelId());
        body.put("message", webhookBody.path("text").asText(""));
        if (rootId != null) {
            body.put("root_id", rootId);
        }
        ObjectNode props = webhookBody.has("props") ? ((ObjectNode) webhookBody.get("props")).deepCopy()
                : Json.mapper().createObjectNode();
        if (webhookBody.has("attachments")) {
            props.set("attachments", webhookBody.get("attachments"));
        }
        body.set("props", props);
        // Mattermost takes a priority on a thread's root only.
        if (rootId == null && webhookBody.has("priority")) {
            body.putObject("metadata").set("priority", webhookBody.get("priority"));
        }
        return body;
    }

    private static String postsUrl(MattermostTarget target) {
        return target.serverUrl() + "/api/v4/posts";
    }

    private static Optional<String> postId(SendResult result) {
        if (result.body() == null) {
            return Optional.empty();
        }
        try {
            JsonNode id = Json.mapper().readTree(result.body()).get("id");
            return id != null && id.isTextual() && !id.asText().isEmpty() ? Optional.of(id.asText()) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** The incident ends with this notification: nothing of it is firing any more. */
    static boolean closes(Notification n) {
        if (n.group() != null && !n.group().alerts().isEmpty()) {
            return n.group().stillFiring() == 0 && kinds(n).contains(NotificationKind.RESOLVED);
        }
        return n.kind() == NotificationKind.RESOLVED;
    }

    /** A post that changes what the root should show (a reminder or a new alert in the group does not). */
    static boolean changesState(Notification n) {
        java.util.Set<NotificationKind> kinds = kinds(n);
        return kinds.contains(NotificationKind.ACKNOWLEDGED) || kinds.contains(NotificationKind.RESOLVED)
                || kinds.contains(NotificationKind.SEVERITY_CHANGED) || kinds.contains(NotificationKind.FLAPPING);
    }

    /** The kinds a notification tells of: its group's alerts' kinds, or its own. */
    static java.util.Set<NotificationKind> kinds(Notification n) {
        java.util.Set<NotificationKind> kinds = java.util.EnumSet.noneOf(NotificationKind.class);
        if (n.group() != null && !n.group().alerts().isEmpty()) {
            n.group().alerts().forEach(a -> kinds.add(a.kind() == null ? NotificationKind.FIRING : a.kind()));
        } else {
            kinds.add(n.kind());
        }
        return kinds;
    }
}
