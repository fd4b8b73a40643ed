package io.vigil.notifier.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.Template;
import io.vigil.config.MattermostTarget;
import io.vigil.events.GroupedAlert;
import io.vigil.events.Json;
import io.vigil.events.Notification;
import io.vigil.events.NotificationGroup;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import io.vigil.events.Values;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Turns a notification into a Mattermost incoming-webhook body: one attachment coloured by severity.
 * A grouped notification is one post too: a title naming the group with counts, and one line per
 * alert, cut short with "…and N more" past {@code maxGroupLines} lines or Mattermost's length limit.
 * Qute renders the words people read; Jackson builds the JSON, so no text can break the structure.
 */
public final class PostRenderer {

    /** Mattermost splits texts longer than this; we stay well under it. */
    public static final int MATTERMOST_TEXT_LIMIT = 16383;
    /** The longest attachment text we send, whatever the summary length setting says. */
    static final int MAX_TEXT = 8000;
    static final int MAX_TITLE = 256;
    static final int MAX_FALLBACK = 512;
    static final int MAX_FIELD = 256;
    /** A grouped alert's summary is cut to this, so one long summary cannot crowd the others out. */
    static final int MAX_LINE_SUMMARY = 300;
    /** Likewise an acknowledgement's comment, and who gave it. */
    static final int MAX_LINE_COMMENT = 300;
    static final int MAX_LINE_ACTOR = 100;

    /** The counts in a group's title, in this order: what needs attention first. */
    private static final List<NotificationKind> COUNT_ORDER = List.of(NotificationKind.FIRING,
            NotificationKind.SEVERITY_CHANGED, NotificationKind.REMINDER, NotificationKind.FLAPPING,
            NotificationKind.ACKNOWLEDGED, NotificationKind.RESOLVED);

    private final Template title;
    private final Map<NotificationKind, Template> bodies;
    private final Template fallback;
    private final Template groupTitle;
    private final Template groupLine;
    private final Template escalation;
    private final int maxSummary;
    private final int maxGroupLines;
    private final ObjectMapper mapper = Json.mapper();

    /**
     * @param maxSummary the longest summary kept, in characters; longer ones end with an ellipsis
     * @param maxGroupLines the most alert lines in a grouped post; the rest are counted in "…and N more"
     */
    public PostRenderer(PostTemplates templates, int maxSummary, int maxGroupLines) {
        this.title = templates.title();
        this.bodies = templates.bodies();
        this.fallback = templates.fallback();
        this.groupTitle = templates.digestTitle();
        this.groupLine = templates.digestLine();
        this.escalation = templates.escalation();
        if (maxSummary < 1) {
            throw new IllegalArgumentException("maxSummary must be positive: " + maxSummary);
        }
        if (maxGroupLines < 1) {
            throw new IllegalArgumentException("maxGroupLines must be positive: " + maxGroupLines);
        }
        this.maxSummary = Math.min(maxSummary, MAX_TEXT);
        this.maxGroupLines = maxGroupLines;
    }

    /**
     * The webhook body for a notification sent through {@code target}: with a message priority when the
     * target asks for one on critical alerts and this post opens (or escalates) a critical one.
     */
    public ObjectNode render(Notification n, MattermostTarget target) {
        NotificationGroup group = n.group();
        // A group without alerts should not be sent; if one is, its top-level fields still say something.
        ObjectNode post = group != null && !group.alerts().isEmpty() ? renderGroup(n, group, target)
                : renderOne(n, target);
        if (target.criticalPriority() != null && opensCritical(n)) {
            post.putObject("priority").put("priority", target.criticalPriority());
        }
        return post;
    }

    /** Whether this post tells of a critical alert starting (or becoming critical). */
    static boolean opensCritical(Notification n) {
        if (n.group() != null && !n.group().alerts().isEmpty()) {
            for (GroupedAlert a : n.group().alerts()) {
                if (a.severity() == Severity.CRITICAL
                        && (a.kind() == NotificationKind.FIRING || a.kind() == NotificationKind.SEVERITY_CHANGED)) {
                    return true;
                }
            }
            return false;
        }
        return n.severity() == Severity.CRITICAL
                && (n.kind() == NotificationKind.FIRING || n.kind() == NotificationKind.SEVERITY_CHANGED);
    }

    /**
     * The post of an escalation step: the incident is still firing and nobody acknowledged it after
     * {@code after}. The mention (if any) leads the text, so Mattermost notifies whoever it names.
     */
    public ObjectNode renderEscalation(Notification n, String mention, Duration after, int step,
            MattermostTarget target) {
        ObjectNode post = render(n, target);
        post.remove("priority");
        String line = cut(escalation.instance()
                .data("mention", mention == null ? "" : mention)
                .data("after", Elapsed.format(after))
                .data("step", step)
                .data("name", n.group() != null && !n.group().alerts().isEmpty() ? groupName(n, n.group())
                        : n.rule() == null ? n.fingerprint() : n.rule())
                .render().strip(), MAX_TITLE * 2);
        post.put("text", line);
        ObjectNode a = (ObjectNode) post.withArray("attachments").get(0);
        a.put("color", "danger");
        a.put("title", cut("[ESCALATED] " + stripStatus(a.path("title").asText()), MAX_TITLE));
        a.put("fallback", cut(line, MAX_FALLBACK));
        if (target.criticalPriority() != null) {
            post.putObject("priority").put("priority", target.criticalPriority());
        }
        ((ObjectNode) post.get("props")).put("vigil_escalation_step", step);
        return post;
    }

    /**
     * The state an incident's thread root shows after this notification (bot mode edits the root):
     * {@code [ACKNOWLEDGED] …}, {@code [RESOLVED] …}, with the root's colour to match.
     *
     * @param root the root's props as first posted; changed in place and returned
     */
    public ObjectNode rootState(Notification n, ObjectNode root) {
        String status = n.group() != null && !n.group().alerts().isEmpty()
                ? (n.group().stillFiring() == 0 ? "RESOLVED" : groupStatus(n.group().alerts())) : status(n);
        if (root.withArray("attachments").size() > 0) {
            ObjectNode a = (ObjectNode) root.withArray("attachments").get(0);
            a.put("title", cut("[" + status + "] " + stripStatus(a.path("title").asText()), MAX_TITLE));
            a.put("color", "RESOLVED".equals(status) ? "good" : n.group() != null && !n.group().alerts().isEmpty()
                    ? groupColor(n.group().alerts()) : color(n));
        }
        return root;
    }

    /** One line that a thread root's message carries: the state and, for a resolution, how long it lasted. */
    public String stateLine(Notification n) {
        StringBuilder line = new StringBuilder();
        boolean resolved = n.kind() == NotificationKind.RESOLVED
                && (n.group() == null || n.group().stillFiring() == 0);
        if (resolved) {
            line.append(":white_check_mark: **Resolved**");
            if (n.since() != null) {
                line.append(" after ").append(Elapsed.format(Duration.between(n.since(), n.occurredAt())));
            }
        } else if (n.kind() == NotificationKind.ACKNOWLEDGED) {
            line.append(":eyes: **Acknowledged**");
            if (n.actor() != null) {
                line.append(" by ").append(oneLine(n.actor(), MAX_LINE_ACTOR));
            }
        } else {
            line.append(":rotating_light: **").append(status(n).charAt(0))
                    .append(status(n).substring(1).toLowerCase(java.util.Locale.ROOT)).append("**");
        }
        if (n.group() != null && n.group().stillFiring() > 0) {
            line.append(" · ").append(n.group().stillFiring()).append(" still firing");
        }
        return line.toString();
    }

    private static String stripStatus(String title) {
        return title.startsWith("[") && title.indexOf("] ") > 0 ? title.substring(title.indexOf("] ") + 2) : title;
    }

    private ObjectNode renderOne(Notification n, MattermostTarget target) {
        String status = status(n);
        String host = n.host() == null ? "" : n.host();
        String rule = n.rule() == null ? n.fingerprint() : n.rule();
        String severity = n.severity() == null ? "" : n.severity().label();
        String previous = n.kind() != NotificationKind.SEVERITY_CHANGED || n.previousSeverity() == null ? ""
                : n.previousSeverity().label();
        String summary = cut(n.summary() == null ? "" : n.summary(), maxSummary);
        String value = Values.format(n.value());

        String titleText = cut(title.instance()
                .data("status", status).data("rule", rule).data("host", host)
                .render().strip(), MAX_TITLE);
        String body = cut(bodies.get(n.kind()).instance()
                .data("summary", summary).data("kind", n.kind().name()).data("severity", severity)
                .data("previousSeverity", previous).data("host", host)
                .data("actor", oneLine(n.actor(), MAX_LINE_ACTOR))
                .data("comment", cut(n.comment() == null ? "" : n.comment(), maxSummary))
                .data("since", instant(n.since()))
                .data("lasted", n.since() == null ? "" : Elapsed.format(Duration.between(n.since(), n.occurredAt())))
                .render().strip(), MAX_TEXT);
        String fallbackText = cut(fallback.instance()
                .data("status", status).data("rule", rule).data("host", host).data("summary", summary)
                .render().strip(), MAX_FALLBACK);

        ObjectNode post = post(target);
        ObjectNode a = post.putArray("attachments").addObject();
        a.put("fallback", fallbackText);
        a.put("color", color(n));
        a.put("title", titleText);
        a.put("text", body);
        ArrayNode fields = a.putArray("fields");
        if (!host.isEmpty()) {
            field(fields, "Host", host);
        }
        field(fields, "Value", value);
        field(fields, "Rule", rule);
        if (!severity.isEmpty()) {
            field(fields, "Severity", severity);
        }
        if (n.since() != null) {
            field(fields, "Since", instant(n.since()));
        }
        a.put("footer", "Vigil");
        a.put("ts", n.occurredAt().getEpochSecond());
        props(post, n);
        return post;
    }

    private ObjectNode renderGroup(Notification n, NotificationGroup group, MattermostTarget target) {
        List<GroupedAlert> alerts = group.alerts();
        String titleText = cut(groupTitle.instance()
                .data("status", groupStatus(alerts)).data("name", groupName(n, group)).data("counts", counts(alerts))
                .render().strip(), MAX_TITLE);
        // The title says it all for a notification banner: which group, how many of what.
        String fallbackText = cut(titleText, MAX_FALLBACK);
        String stillFiring = Integer.toString(group.stillFiring());
        String footer = footer(n.reason());

        ObjectNode post = post(target);
        ObjectNode a = post.putArray("attachments").addObject();
        a.put("fallback", fallbackText);
        a.put("color", groupColor(alerts));
        a.put("title", titleText);
        // Everything a reader sees counts against Mattermost's limit, the lines get what is left.
        int others = titleText.length() + fallbackText.length() + "Still firing".length() + stillFiring.length()
                + footer.length();
        a.put("text", lines(alerts, MATTERMOST_TEXT_LIMIT - 1 - others));
        field(a.putArray("fields"), "Still firing", stillFiring);
        a.put("footer", footer);
        a.put("ts", n.occurredAt().getEpochSecond());
        props(post, n).put("vigil_group_key", group.key());
        return post;
    }

    /**
     * One line per alert, in the order given (most severe first), as many as {@code maxGroupLines} and
     * {@code budget} characters allow; then "…and N more" for the rest.
     */
    private String lines(List<GroupedAlert> alerts, int budget) {
        int total = alerts.size();
        // Room kept for the closing line with the largest N it could carry, whatever N turns out to be.
        int reserve = 1 + more(total).length();
        StringBuilder text = new StringBuilder();
        int shown = 0;
        for (GroupedAlert alert : alerts) {
            if (shown == maxGroupLines) {
                break;
            }
            String line = line(alert);
            boolean last = shown + 1 == total;
            int needed = text.length() + (shown == 0 ? 0 : 1) + line.length() + (last ? 0 : reserve);
            if (needed > budget) {
                break;
            }
            if (shown > 0) {
                text.append('\n');
            }
            text.append(line);
            shown++;
        }
        if (shown < total) {
            if (shown > 0) {
                text.append('\n');
            }
            text.append(more(total - shown));
        }
        return text.toString();
    }

    private String line(GroupedAlert a) {
        NotificationKind kind = a.kind() == null ? NotificationKind.FIRING : a.kind();
        String lasted = "";
        if (a.since() != null && a.at() != null
                && (kind == NotificationKind.RESOLVED || kind == NotificationKind.REMINDER)) {
            lasted = Elapsed.format(Duration.between(a.since(), a.at()));
        }
        return groupLine.instance()
                .data("kind", kind.name())
                .data("marker", marker(kind, a.severity()))
                .data("rule", oneLine(a.rule() == null ? a.fingerprint() : a.rule(), MAX_FIELD))
                .data("severity", a.severity() == null ? "" : a.severity().label())
                .data("summary", oneLine(a.summary(), Math.min(maxSummary, MAX_LINE_SUMMARY)))
                .data("value", Values.format(a.value()))
                .data("lasted", lasted)
                .data("since", instant(a.since()))
                .data("actor", oneLine(a.actor(), MAX_LINE_ACTOR))
                .data("comment", oneLine(a.comment(), MAX_LINE_COMMENT))
                .render().strip();
    }

    static String more(int n) {
        return "…and " + n + " more";
    }

    /** The word in the title: {@code FIRING}, {@code RESOLVED}, the direction of a severity change, ... */
    public static String status(Notification n) {
        return switch (n.kind()) {
            case SEVERITY_CHANGED -> n.severity() != null && n.previousSeverity() != null
                    && n.severity().compareTo(n.previousSeverity()) < 0 ? "DOWNGRADED" : "ESCALATED";
            default -> status(n.kind());
        };
    }

    private static String status(NotificationKind kind) {
        return switch (kind) {
            case FIRING -> "FIRING";
            case RESOLVED -> "RESOLVED";
            // A grouped alert does not carry its previous severity, so no direction.
            case SEVERITY_CHANGED -> "SEVERITY CHANGED";
            case ACKNOWLEDGED -> "ACKNOWLEDGED";
            case REMINDER -> "REMINDER";
            case FLAPPING -> "FLAPPING";
        };
    }

    /** A group's title word: the alerts' common kind, else {@code FIRING} (a mix always has something open). */
    static String groupStatus(List<GroupedAlert> alerts) {
        NotificationKind first = alerts.get(0).kind();
        for (GroupedAlert a : alerts) {
            if (a.kind() != first) {
                return "FIRING";
            }
        }
        return status(first == null ? NotificationKind.FIRING : first);
    }

    /** The group's labels' values ({@code web-1}), else the route it was grouped under. */
    static String groupName(Notification n, NotificationGroup group) {
        if (!group.labels().isEmpty()) {
            StringJoiner name = new StringJoiner(", ");
            // Sorted by label name, so the same group reads the same in every post.
            new TreeMap<>(group.labels()).values().forEach(name::add);
            return name.toString();
        }
        return n.route() != null ? n.route() : "all alerts";
    }

    /** How many alerts of each kind, e.g. {@code 3 firing, 1 resolved}. */
    static String counts(List<GroupedAlert> alerts) {
        Map<NotificationKind, Integer> counts = new EnumMap<>(NotificationKind.class);
        for (GroupedAlert a : alerts) {
            counts.merge(a.kind() == null ? NotificationKind.FIRING : a.kind(), 1, Integer::sum);
        }
        StringJoiner text = new StringJoiner(", ");
        for (NotificationKind kind : COUNT_ORDER) {
            Integer count = counts.get(kind);
            if (count != null) {
                text.add(count + " " + countWord(kind));
            }
        }
        return text.toString();
    }

    private static String countWord(NotificationKind kind) {
        return switch (kind) {
            case FIRING -> "firing";
            case SEVERITY_CHANGED -> "changed severity";
            case RESOLVED -> "resolved";
            case ACKNOWLEDGED -> "acknowledged";
            case REMINDER -> "still firing";
            case FLAPPING -> "flapping";
        };
    }

    /** Attachment colour: resolved is good, otherwise danger for critical and warning for the rest. */
    public static String color(Notification n) {
        if (n.kind() == NotificationKind.RESOLVED) {
            return "good";
        }
        return n.severity() == Severity.CRITICAL ? "danger" : "warning";
    }

    /**
     * A group's colour: its worst severity among alerts not resolved (acknowledged, reminded and
     * flapping ones still fire), {@code good} when every alert in it resolved.
     */
    static String groupColor(List<GroupedAlert> alerts) {
        boolean open = false;
        for (GroupedAlert a : alerts) {
            if (a.kind() != NotificationKind.RESOLVED) {
                if (a.severity() == Severity.CRITICAL) {
                    return "danger";
                }
                open = true;
            }
        }
        return open ? "warning" : "good";
    }

    private static String marker(NotificationKind kind, Severity severity) {
        if (kind == NotificationKind.RESOLVED) {
            return ":white_check_mark:";
        }
        return severity == Severity.CRITICAL ? ":red_circle:" : ":warning:";
    }

    /** The footer names why the group posts now, when the alert-service said. */
    private static String footer(String reason) {
        if (reason == null || reason.isBlank()) {
            return "Vigil";
        }
        String words = switch (reason) {
            case "first" -> "new group";
            case "new_alerts" -> "new alerts";
            case "repeat_due" -> "reminder";
            case "inhibitor_cleared" -> "no longer inhibited";
            default -> reason.replace('_', ' ');
        };
        return "Vigil · " + oneLine(words, 64);
    }

    private ObjectNode post(MattermostTarget target) {
        ObjectNode post = mapper.createObjectNode();
        if (target.channel() != null) {
            post.put("channel", target.channel());
        }
        if (target.username() != null) {
            post.put("username", target.username());
        }
        if (target.iconUrl() != null) {
            post.put("icon_url", target.iconUrl());
        }
        return post;
    }

    private static ObjectNode props(ObjectNode post, Notification n) {
        // Lets a later edit (bot API) or a reader of the channel history find the notification.
        ObjectNode props = post.putObject("props");
        props.put("vigil_notification_id", n.eventId().toString());
        props.put("vigil_fingerprint", n.fingerprint());
        return props;
    }

    private static String instant(Instant at) {
        return at == null ? "" : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** For a text inside one line of a list: line breaks become spaces, then cut. */
    static String oneLine(String s, int max) {
        return s == null ? "" : cut(s.replaceAll("\\s*\\R\\s*", " ").strip(), max);
    }

    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        // Do not split a surrogate pair: Mattermost would show a broken glyph.
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }

    private static void field(ArrayNode fields, String title, String value) {
        ObjectNode f = fields.addObject();
        f.put("title", title);
        f.put("value", cut(value, MAX_FIELD));
        f.put("short", true);
    }
}
