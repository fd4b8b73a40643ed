package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The routes: tree as the file writes it, and how a notification walks it (Alertmanager's order). */
class RouteTreeTest {

    private static final Instant MONDAY_NOON_UTC = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant MONDAY_NIGHT_UTC = Instant.parse("2026-11-23T23:30:00Z");

    static final String TREE = """
            routes:
              - name: critical
                match: {severity: critical}
                continue: true
                mattermost: {webhook-url: "http://mm/hooks/a", channel: ops}
                destinations:
                  - mattermost: {name: ops-bot, url: "https://mm.example.org/", bot-token: t0ken,
                                 channel-id: abcdefghijklmnopqrstuvwxyz, critical-priority: urgent,
                                 rate-limit: {per-second: 5, burst: 8}}
                escalate:
                  - {after: 15m, mention: "@oncall"}
                  - {after: 30m, mention: "@lead", mattermost: {webhook-url: "http://mm/hooks/lead"}}
                routes:
                  - name: critical-db
                    matchers: ['team=~"db|storage"']
                    group-by: [team]
              - name: daytime
                active:
                  - {weekdays: mon-fri, from: "08:00", to: "18:00", time-zone: Europe/Berlin}
                mute:
                  - {weekdays: [sat, sun], from: "00:00", to: "23:59"}
                mattermost: {webhook-url: "http://mm/hooks/day"}
              - name: nights
                mattermost: {webhook-url: "http://mm/hooks/night"}
              - name: everything-else
                default: true
                mattermost: {webhook-url: "http://mm/hooks/default"}
            notifier:
              templates: /etc/vigil/templates
              fallback-route: everything-else
              rate-limit: {per-second: 20, burst: 40}
            """;

    private final ConfigLoader loader = ConfigLoader.all().withEnvironment(name -> null);

    @Test
    void theExampleLoadsWithDestinationsWindowsEscalationChildrenAndInheritance() {
        VigilConfig config = loader.parse(TREE);
        RouteTree tree = new RouteTree(config.routes());

        RouteConfig critical = tree.byName("critical").orElseThrow();
        assertThat(critical.continueMatching()).isTrue();
        assertThat(critical.destinations()).extracting(MattermostTarget::name).containsExactly("mattermost", "ops-bot");
        MattermostTarget bot = critical.destinations().get(1);
        assertThat(bot.bot()).isTrue();
        assertThat(bot.serverUrl()).isEqualTo("https://mm.example.org");
        assertThat(bot.criticalPriority()).isEqualTo("urgent");
        assertThat(bot.rateLimit()).isEqualTo(new RateLimit(5, 8));
        assertThat(bot.toString()).doesNotContain("t0ken");
        assertThat(critical.escalate()).extracting(EscalationStep::after)
                .containsExactly(Duration.ofMinutes(15), Duration.ofMinutes(30));
        assertThat(critical.escalate().get(1).target().name()).isEqualTo("escalation-2");

        RouteConfig child = tree.byName("critical-db").orElseThrow();
        assertThat(child.destinations()).isEqualTo(critical.destinations());
        assertThat(child.escalate()).isEqualTo(critical.escalate());
        assertThat(child.groupBy()).containsExactly("team");

        assertThat(tree.defaultRoute()).map(RouteConfig::name).contains("everything-else");
        assertThat(tree.all()).extracting(RouteConfig::name)
                .containsExactly("critical", "critical-db", "daytime", "nights", "everything-else");
        assertThat(config.notifier().fallbackRoute()).isEqualTo("everything-else");
        assertThat(config.notifier().rateLimit()).isEqualTo(new RateLimit(20, 40));
        assertThat(config.notifier().templates()).hasToString("/etc/vigil/templates");
    }

    @Test
    void aChildTakesWhatItMatchesAndContinueGoesOnToTheNextRoute() {
        RouteTree tree = new RouteTree(loader.parse(TREE).routes());

        assertThat(names(tree.match(Map.of("severity", "critical", "team", "db"), MONDAY_NOON_UTC)))
                .containsExactly("critical-db", "daytime");
        assertThat(names(tree.match(Map.of("severity", "critical", "team", "web"), MONDAY_NOON_UTC)))
                .containsExactly("critical", "daytime");
        assertThat(tree.first(Map.of("severity", "critical"), MONDAY_NOON_UTC)).map(RouteConfig::name)
                .contains("critical");
    }

    @Test
    void aRouteOutsideItsActiveWindowIsPassedOver() {
        RouteTree tree = new RouteTree(loader.parse(TREE).routes());

        assertThat(names(tree.match(Map.of("severity", "warning"), MONDAY_NOON_UTC))).containsExactly("daytime");
        assertThat(names(tree.match(Map.of("severity", "warning"), MONDAY_NIGHT_UTC))).containsExactly("nights");
    }

    @Test
    void theDefaultRouteTakesOnlyWhatNothingElseTakes() {
        String yaml = """
                routes:
                  - name: fallback
                    default: true
                    mattermost: {webhook-url: "http://mm/hooks/d"}
                  - name: db
                    match: {team: db}
                    mattermost: {webhook-url: "http://mm/hooks/db"}
                """;
        RouteTree tree = new RouteTree(loader.parse(yaml).routes());

        assertThat(names(tree.match(Map.of("team", "db"), MONDAY_NOON_UTC))).containsExactly("db");
        assertThat(names(tree.match(Map.of("team", "web"), MONDAY_NOON_UTC))).containsExactly("fallback");
        assertThat(new RouteTree(List.of()).match(Map.of(), MONDAY_NOON_UTC)).isEmpty();
    }

    @Test
    void muteWindowsSayWhenPostsAreHeld() {
        RouteConfig daytime = new RouteTree(loader.parse(TREE).routes()).byName("daytime").orElseThrow();

        assertThat(daytime.mutedAt(Instant.parse("2026-11-28T10:00:00Z"))).isTrue();
        assertThat(daytime.mutedAt(MONDAY_NOON_UTC)).isFalse();
    }

    @Test
    void mistakesNameTheirField() {
        assertThatThrownBy(() -> loader.parse("""
                routes: [{name: r, mattermost: {url: "https://mm", bot-token: x}}]"""))
                .hasMessage("routes[0] (r).mattermost.channel-id: is required for a bot destination");
        assertThatThrownBy(() -> loader.parse("""
                routes: [{name: r, mattermost: {url: "https://mm", bot-token: x, channel-id: short}}]"""))
                .hasMessageStartingWith("routes[0] (r).mattermost.channel-id: 'short' is not a channel id");
        assertThatThrownBy(() -> loader.parse("""
                routes: [{name: r, mattermost: {webhook-url: "http://h/hooks/x", bot-token: x}}]"""))
                .hasMessageStartingWith("routes[0] (r).mattermost.webhook-url: a destination posts through");
        assertThatThrownBy(() -> loader.parse("""
                routes: [{name: r, mattermost: {webhook-url: "http://h/hooks/x"},
                          escalate: [{after: 10m, mention: "@a"}, {after: 5m, mention: "@b"}]}]"""))
                .hasMessage("routes[0] (r).escalate[1].after: must be later than the step before (10m)");
        assertThatThrownBy(() -> loader.parse("""
                routes: [{name: r, mattermost: {webhook-url: "http://h/hooks/x"}, escalate: [{after: 10m}]}]"""))
                .hasMessage("routes[0] (r).escalate[0]: needs a mention, a mattermost destination, or both");
        assertThatThrownBy(() -> loader.parse("""
                routes: [{name: r, mattermost: {webhook-url: "http://h/hooks/x"}, escalate: [{after: 1m, mention: "oncall"}]}]"""))
                .hasMessageStartingWith("routes[0] (r).escalate[0].mention: 'oncall' is not a mention");
        assertThatThrownBy(() -> loader.parse("""
                routes: [{name: r, default: true, match: {a: b}, mattermost: {webhook-url: "http://h/hooks/x"}}]"""))
                .hasMessageStartingWith("routes[0] (r).match: a default route takes whatever");
        assertThatThrownBy(() -> loader.parse("""
                routes: [{name: r, mattermost: {webhook-url: "http://h/hooks/x"},
                          routes: [{name: r, match: {a: b}}]}]"""))
                .hasMessage("routes[0] (r).routes[0] (r).name: another route has the same name");
        assertThatThrownBy(() -> loader.parse("""
                routes: [{name: r, mattermost: {webhook-url: "http://h/hooks/x"}, mute: [{weekdays: mon}]}]"""))
                .hasMessage("routes[0] (r).mute[0].from: is required");
        assertThatThrownBy(() -> loader.parse("""
                routes: [{name: r, mattermost: {webhook-url: "http://h/hooks/x", rate-limit: {per-second: 0}}}]"""))
                .hasMessage("routes[0] (r).mattermost.rate-limit.per-second: must be above 0 and at most 10000");
        assertThatThrownBy(() -> loader.parse("""
                routes: [{name: r, mattermost: {webhook-url: "http://h/hooks/x"}}]
                notifier: {fallback-route: nope}"""))
                .hasMessage("notifier.fallback-route: 'nope' is not a route of routes:");
        assertThatThrownBy(() -> loader.parse("""
                routes: [{name: r, continue: yes please, mattermost: {webhook-url: "http://h/hooks/x"}}]"""))
                .hasMessage("routes[0] (r).continue: must be true or false");
    }

    @Test
    void theSameHookInTwoRoutesIsOneDestinationAndItsKeyHidesTheSecret() {
        MattermostTarget a = new MattermostTarget("http://mm/hooks/secretid", "ops", null, null);
        MattermostTarget b = new MattermostTarget("http://mm/hooks/secretid", null, "vigil", null).named("other");

        assertThat(a.key()).isEqualTo(b.key()).startsWith("hook-").doesNotContain("secretid");
        assertThat(new MattermostTarget("http://mm/hooks/another", null, null, null).key()).isNotEqualTo(a.key());
    }

    @Test
    void anApiRouteIsCheckedAsInTheFileWithRelativePathsAndLiteralText() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        ConfigLoader api = ConfigLoader.forSections(ConfigLoader.Section.ROUTES);

        RouteConfig route = api.parseRoute(json.readTree("""
                {"name": "db", "matchers": ["team=\\"db\\""], "mattermost": {"webhook-url": "https://mm/hooks/x"},
                 "routes": [{"name": "db-critical", "match": {"severity": "critical"}}]}"""), java.util.Set.of("ops"));
        assertThat(route.routes()).singleElement().satisfies(c -> assertThat(c.destinations())
                .isEqualTo(route.destinations()));

        assertThatThrownBy(() -> api.parseRoute(json.readTree("""
                {"name": "db", "mattermost": {"webhook-url": "${SECRET_HOOK}"}}"""), java.util.Set.of()))
                .hasMessage("mattermost.webhook-url: must be an http(s) URL");
        assertThatThrownBy(() -> api.parseRoute(json.readTree("""
                {"name": "db", "mattermost": {"webhook-url": "https://mm/hooks/x"}, "escalate": [{"after": "5m"}]}"""),
                java.util.Set.of()))
                .hasMessage("escalate[0]: needs a mention, a mattermost destination, or both");
        assertThatThrownBy(() -> api.parseRoute(json.readTree("""
                {"name": "db", "default": true, "mattermost": {"webhook-url": "https://mm/hooks/x"}}"""),
                java.util.Set.of()))
                .hasMessage("default: the default route comes from the config file");
        assertThatThrownBy(() -> api.parseRoute(json.readTree("""
                {"name": "db", "mattermost": {"webhook-url": "https://mm/hooks/x"}, "routes": [{"name": "ops"}]}"""),
                java.util.Set.of("ops")))
                .hasMessage("routes[0] (ops).name: another route has the same name");
    }

    private static List<String> names(List<RouteConfig> routes) {
        return routes.stream().map(RouteConfig::name).toList();
    }
}
