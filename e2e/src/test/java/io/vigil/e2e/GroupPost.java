package io.vigil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.events.NotificationKind;
import io.vigil.test.mattermost.ReceivedPost;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A grouped post as people read it in Mattermost: its title and one line per alert, each line read
 * back into the rule it names and what it says of it (the notifier's group-line template).
 *
 * @param more how many alerts the post left out ("…and N more"); 0 when it names them all
 */
record GroupPost(String groupKey, String title, List<Line> lines, int more, ReceivedPost post) {

    /** One alert's line: which rule, and what happened to it. */
    record Line(String rule, NotificationKind kind, String text) {
    }

    // "<marker> **<rule>** <what>", e.g. ":warning: **svc-01** warning (value 0)".
    private static final Pattern LINE = Pattern.compile("^\\S+ \\*\\*(.+?)\\*\\* (.*)$");
    private static final Pattern MORE = Pattern.compile("^…and (\\d+) more$");

    static GroupPost of(ReceivedPost post) {
        JsonNode props = post.payload().path("props");
        String key = props.path("vigil_group_key").asText(null);
        List<JsonNode> attachments = post.attachments();
        JsonNode a = attachments.isEmpty() ? null : attachments.get(0);
        String title = a == null ? "" : a.path("title").asText("");
        String text = a == null ? "" : a.path("text").asText("");
        List<Line> lines = new ArrayList<>();
        int more = 0;
        for (String l : text.split("\n")) {
            Matcher m = LINE.matcher(l.strip());
            Matcher n = MORE.matcher(l.strip());
            if (m.matches()) {
                lines.add(new Line(m.group(1), kind(m.group(2)), l));
            } else if (n.matches()) {
                more = Integer.parseInt(n.group(1));
            }
        }
        return new GroupPost(key, title, List.copyOf(lines), more, post);
    }

    /** The rules this post names as {@code kind}, in the post's order. */
    List<String> rules(NotificationKind kind) {
        return lines.stream().filter(l -> l.kind() == kind).map(Line::rule).toList();
    }

    /** Every rule this post names, whatever it says of it. */
    List<String> rules() {
        return lines.stream().map(Line::rule).toList();
    }

    String text() {
        return post.rawBody();
    }

    private static NotificationKind kind(String what) {
        if (what.startsWith("resolved")) {
            return NotificationKind.RESOLVED;
        }
        if (what.startsWith("acknowledged")) {
            return NotificationKind.ACKNOWLEDGED;
        }
        if (what.startsWith("still firing")) {
            return NotificationKind.REMINDER;
        }
        if (what.startsWith("now ")) {
            return NotificationKind.SEVERITY_CHANGED;
        }
        if (what.startsWith("is flapping")) {
            return NotificationKind.FLAPPING;
        }
        return NotificationKind.FIRING;
    }

    @Override
    public String toString() {
        return title + " " + lines.stream().map(l -> l.rule() + "=" + l.kind()).toList()
                + (more > 0 ? " …and " + more + " more" : "");
    }
}
