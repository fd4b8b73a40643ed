package io.vigil.notifier.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.MattermostTarget;
import io.vigil.config.RouteConfig;
import io.vigil.events.EventSource;
import io.vigil.events.Notification;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static final MattermostTarget TARGET = new MattermostTarget("https://mm.example/hooks/abc", null, null, null);

    @Test
    void firstMatchingRouteWins() {
        Router router = new Router(List.of(
                route("db-critical", Map.of("severity", "critical", "team", "db")),
                route("critical", Map.of("severity", "critical")),
                route("everything", Map.of())));

        assertThat(router.select(notification(Severity.CRITICAL, Map.of("team", "db"))))
                .hasValueSatisfying(r -> assertThat(r.name()).isEqualTo("db-critical"));
        assertThat(router.select(notification(Severity.CRITICAL, Map.of("team", "web"))))
                .hasValueSatisfying(r -> assertThat(r.name()).isEqualTo("critical"));
        assertThat(router.select(notification(Severity.WARNING, Map.of("team", "db"))))
                .hasValueSatisfying(r -> assertThat(r.name()).isEqualTo("everything"));
    }

    @Test
    void noRouteMatchesGivesNothing() {
        Router router = new Router(List.of(route("critical", Map.of("severity", "critical"))));

        assertThat(router.select(notification(Severity.WARNING, Map.of()))).isEmpty();
        assertThat(new Router(List.of()).select(notification(Severity.CRITICAL, Map.of()))).isEmpty();
    }

    @Test
    void matchesOnRuleKindAndLabels() {
        Router router = new Router(List.of(route("resolved-cpu", Map.of("rule", "high-cpu", "kind", "resolved",
                "host", "web-1"))));

        Notification resolved = new Notification(UUID.randomUUID(), Instant.now(), new EventSource("alert-service", "a"),
                1, NotificationKind.RESOLVED, UUID.randomUUID(), "fp", 2, "high-cpu", Severity.WARNING, null, "ok",
                Map.of("host", "web-1"), 0.2, Instant.now());

        assertThat(router.select(resolved)).isPresent();
        assertThat(router.select(notification(Severity.WARNING, Map.of("host", "web-1")))).isEmpty();
    }

    @Test
    void aLabelCannotPassForTheSeverity() {
        Map<String, String> attributes = Router.attributes(notification(Severity.WARNING, Map.of("severity", "critical")));

        assertThat(attributes).containsEntry("severity", "warning").containsEntry("kind", "firing")
                .containsEntry("rule", "high-cpu");
    }

    private static RouteConfig route(String name, Map<String, String> match) {
        return new RouteConfig(name, match, TARGET);
    }

    static Notification notification(Severity severity, Map<String, String> labels) {
        return new Notification(UUID.randomUUID(), Instant.now(), new EventSource("alert-service", "a"), 1,
                NotificationKind.FIRING, UUID.randomUUID(), "fp", 1, "high-cpu", severity, null, "cpu high",
                labels, 0.97, Instant.now());
    }
}
