package io.vigil.notifier.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.LabelMatcher;
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

    @Test
    void theRouteTheNotificationNamesTakesItEvenWhenAnEarlierRouteMatches() {
        Router router = new Router(List.of(
                route("critical", Map.of("severity", "critical")),
                route("web", Map.of("team", "web"))));

        Routing routing = router.route(named("web", Severity.CRITICAL, Map.of("team", "db")));

        assertThat(routing.by()).isEqualTo(Routing.By.NAME);
        assertThat(routing.routeName()).isEqualTo("web");
        assertThat(routing.named()).isEqualTo("web");
    }

    @Test
    void aRouteNameThisNotifierDoesNotHaveFallsBackToTheFirstMatch() {
        Router router = new Router(List.of(
                route("critical", Map.of("severity", "critical")),
                route("everything", Map.of())));

        Routing routing = router.route(named("renamed-in-the-alert-service", Severity.WARNING, Map.of()));

        assertThat(routing.by()).isEqualTo(Routing.By.FALLBACK);
        assertThat(routing.routeName()).isEqualTo("everything");
        assertThat(routing.named()).isEqualTo("renamed-in-the-alert-service");
    }

    @Test
    void anUnknownRouteNameWithNothingMatchingHasNoRoute() {
        Router router = new Router(List.of(route("critical", Map.of("severity", "critical"))));

        Routing routing = router.route(named("gone", Severity.WARNING, Map.of()));

        assertThat(routing.by()).isEqualTo(Routing.By.FALLBACK);
        assertThat(routing.route()).isEmpty();
        assertThat(new Router(List.of()).route(named("gone", Severity.CRITICAL, Map.of())).route()).isEmpty();
    }

    @Test
    void aNotificationNamingNoRouteGoesByFirstMatchAsBefore() {
        Router router = new Router(List.of(route("critical", Map.of("severity", "critical"))));

        Routing routing = router.route(notification(Severity.CRITICAL, Map.of()));

        assertThat(routing.by()).isEqualTo(Routing.By.MATCH);
        assertThat(routing.routeName()).isEqualTo("critical");
        assertThat(routing.named()).isNull();
    }

    @Test
    void fallbackAppliesMatchersWithAllFourOperators() {
        Router router = new Router(List.of(
                matchers("web-prod", LabelMatcher.parse("host=~\"web-[0-9]+\""), LabelMatcher.parse("env!=\"staging\"")),
                matchers("not-db", LabelMatcher.parse("host!~\"db-.*\""), LabelMatcher.parse("severity=critical")),
                matchers("rest", LabelMatcher.parse("host=~\".*\""))));

        assertThat(fallback(router, Severity.WARNING, Map.of("host", "web-12", "env", "prod"))).isEqualTo("web-prod");
        // != holds for a missing label (it is the empty string).
        assertThat(fallback(router, Severity.WARNING, Map.of("host", "web-12"))).isEqualTo("web-prod");
        assertThat(fallback(router, Severity.CRITICAL, Map.of("host", "web-12", "env", "staging"))).isEqualTo("not-db");
        // A regex must match the whole value: "web-12x" is not web-[0-9]+.
        assertThat(fallback(router, Severity.CRITICAL, Map.of("host", "web-12x"))).isEqualTo("not-db");
        assertThat(fallback(router, Severity.CRITICAL, Map.of("host", "db-1"))).isEqualTo("rest");
        assertThat(fallback(router, Severity.WARNING, Map.of("host", "cache-1"))).isEqualTo("rest");
    }

    @Test
    void matchAndMatchersMustBothHold() {
        RouteConfig both = new RouteConfig("both", Map.of("severity", "critical"),
                List.of(LabelMatcher.parse("host=~\"web-.*\"")), null, null, null, null, TARGET);
        Router router = new Router(List.of(both));

        assertThat(router.select(notification(Severity.CRITICAL, Map.of("host", "web-1")))).isPresent();
        assertThat(router.select(notification(Severity.WARNING, Map.of("host", "web-1")))).isEmpty();
        assertThat(router.select(notification(Severity.CRITICAL, Map.of("host", "db-1")))).isEmpty();
    }

    private static String fallback(Router router, Severity severity, Map<String, String> labels) {
        Routing routing = router.route(named("unknown", severity, labels));
        assertThat(routing.by()).isEqualTo(Routing.By.FALLBACK);
        return routing.routeName();
    }

    private static RouteConfig matchers(String name, LabelMatcher... matchers) {
        return new RouteConfig(name, Map.of(), List.of(matchers), null, null, null, null, TARGET);
    }

    private static Notification named(String route, Severity severity, Map<String, String> labels) {
        return new Notification(UUID.randomUUID(), Instant.now(), new EventSource("alert-service", "a"), 1,
                NotificationKind.FIRING, UUID.randomUUID(), "fp", 1, "high-cpu", severity, null, "cpu high",
                labels, 0.97, Instant.now(), "first", route, null, null, null);
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
