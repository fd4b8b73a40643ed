package io.vigil.notifier.rest;

import io.vigil.config.CronSchedule;
import io.vigil.config.EscalationStep;
import io.vigil.config.LabelMatcher;
import io.vigil.config.MattermostTarget;
import io.vigil.config.RouteConfig;
import io.vigil.config.Schedule;
import io.vigil.config.WeeklySchedule;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A route as {@code /api/routes} shows it: everything of the routes: tree but the secrets (webhook
 * URLs and bot tokens are masked to scheme, host and port).
 */
public record RouteView(String name, String parent, String source, Map<String, String> match, List<String> matchers,
        boolean continueMatching, boolean defaultRoute, List<String> groupBy, List<Destination> destinations,
        List<String> active, List<String> mute, List<Escalation> escalate, List<String> routes) {

    /** One destination, masked; {@code failing}: it refused posts for good and has not worked since. */
    public record Destination(String name, String mode, String target, String channel, String criticalPriority,
            Double ratePerSecond, Integer burst, boolean failing) {
    }

    public record Escalation(String after, String mention, Destination destination) {
    }

    /** @param source {@code file} or {@code api} */
    static RouteView of(RouteConfig r, String parent, String source, Set<String> failing) {
        return new RouteView(r.name(), parent, source, r.match(), r.matchers().stream().map(LabelMatcher::toString).toList(),
                r.continueMatching(), r.defaultRoute(), r.groupBy(),
                r.destinations().stream().map(t -> destination(t, failing)).toList(),
                r.active().stream().map(RouteView::window).toList(), r.mute().stream().map(RouteView::window).toList(),
                r.escalate().stream().map(s -> escalation(s, failing)).toList(),
                r.routes().stream().map(RouteConfig::name).toList());
    }

    private static Escalation escalation(EscalationStep s, Set<String> failing) {
        return new Escalation(io.vigil.config.Durations.format(s.after()), s.mention(),
                s.target() == null ? null : destination(s.target(), failing));
    }

    static Destination destination(MattermostTarget t, Set<String> failing) {
        return new Destination(t.name(), t.bot() ? "bot" : "webhook", t.maskedUrl(), t.bot() ? t.channelId() : t.channel(),
                t.criticalPriority(), t.rateLimit() == null ? null : t.rateLimit().perSecond(),
                t.rateLimit() == null ? null : t.rateLimit().burst(), failing.contains(t.key()));
    }

    private static String window(Schedule s) {
        if (s instanceof WeeklySchedule w) {
            // Monday first, as a week reads.
            return new java.util.TreeSet<>(w.days()) + " " + w.from() + "-" + w.to() + " " + w.zone();
        }
        if (s instanceof CronSchedule c) {
            return "cron '" + c.expression() + "' for " + io.vigil.config.Durations.format(c.duration()) + " " + c.zone();
        }
        return s.toString();
    }
}
