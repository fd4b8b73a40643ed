package io.vigil.notifier.template;

import io.quarkus.qute.Template;
import io.vigil.events.NotificationKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The Qute templates of a Mattermost post, by file name under {@code templates/mattermost/} (and in the
 * {@code notifier: templates:} directory, whose files of the same name replace them):
 * <ul>
 *   <li>{@code title.txt}, {@code fallback.txt}: an alert's attachment title and notification text</li>
 *   <li>one body per kind: {@code firing.txt}, {@code resolved.txt} (with how long it lasted),
 *       {@code acknowledged.txt}, {@code reminder.txt}, {@code severity-changed.txt}, {@code flapping.txt}</li>
 *   <li>{@code escalation.txt}: the line an escalation step posts (its mention first)</li>
 *   <li>{@code digest-title.txt}, {@code digest-line.txt}: a grouped post (one line per alert)</li>
 * </ul>
 */
public record PostTemplates(Template title, Template fallback, Map<NotificationKind, Template> bodies,
        Template escalation, Template digestTitle, Template digestLine) {

    /** Every template file name, each of which a templates directory may replace. */
    public static final List<String> NAMES = List.of("title.txt", "fallback.txt", "firing.txt", "resolved.txt",
            "acknowledged.txt", "reminder.txt", "severity-changed.txt", "flapping.txt", "escalation.txt",
            "digest-title.txt", "digest-line.txt");

    public PostTemplates {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(escalation, "escalation");
        Objects.requireNonNull(digestTitle, "digestTitle");
        Objects.requireNonNull(digestLine, "digestLine");
        bodies = Map.copyOf(bodies);
        for (NotificationKind kind : NotificationKind.values()) {
            if (!bodies.containsKey(kind)) {
                throw new IllegalArgumentException("no body template for " + kind);
            }
        }
    }

    /** The file of a kind's body: {@code severity-changed.txt} for SEVERITY_CHANGED. */
    public static String bodyName(NotificationKind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ".txt";
    }

    /** All templates, each looked up by file name (which must give one). */
    public static PostTemplates load(Function<String, Template> byName) {
        Map<NotificationKind, Template> bodies = new EnumMap<>(NotificationKind.class);
        for (NotificationKind kind : NotificationKind.values()) {
            bodies.put(kind, byName.apply(bodyName(kind)));
        }
        return new PostTemplates(byName.apply("title.txt"), byName.apply("fallback.txt"), bodies,
                byName.apply("escalation.txt"), byName.apply("digest-title.txt"), byName.apply("digest-line.txt"));
    }
}
