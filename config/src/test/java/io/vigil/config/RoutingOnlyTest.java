package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alert-service reads routes to group notifications without holding the notifier's webhook secrets. */
class RoutingOnlyTest {

    private final ConfigLoader routing = ConfigLoader.all().routingOnly().withEnvironment(name -> null);

    @Test
    void anUnsetWebhookVariableStaysAsItsText() {
        VigilConfig config = routing.parse(FullExampleTest.EXAMPLE);

        RouteConfig route = config.routes().get(0);
        assertThat(route.mattermost().webhookUrl()).isEqualTo("${VIGIL_MM_OPS}");
        assertThat(route.groupBy()).containsExactly("host", "rule");
        assertThat(config.rules()).hasSize(3);
    }

    @Test
    void unsetChannelAndIconVariablesAreNotFormatChecked() {
        String yaml = "routes: [{name: r, mattermost: {webhook-url: '${HOOK}', channel: '${CHANNEL}', icon-url: '${ICON}'}}]";

        MattermostTarget target = routing.parse(yaml).routes().get(0).mattermost();

        assertThat(target.channel()).isEqualTo("${CHANNEL}");
        assertThat(target.iconUrl()).isEqualTo("${ICON}");
    }

    @Test
    void aSetWebhookVariableIsStillChecked() {
        ConfigLoader withBadHook = ConfigLoader.all().routingOnly().withEnvironment(Map.of("VIGIL_MM_OPS", "ftp://x")::get);

        assertThatThrownBy(() -> withBadHook.parse(FullExampleTest.EXAMPLE))
                .hasMessage("routes[0] (ops).mattermost.webhook-url: must be an http(s) URL");
    }

    @Test
    void everythingOutsideMattermostIsCheckedAsUsual() {
        String badRoute = "routes: [{name: r, group-wait: soon, mattermost: {webhook-url: '${HOOK}'}}]";
        String unsetElsewhere = "rules: [{name: r, metric: m, warning: {above: 1}, summary: '${NOPE}'}]";

        assertThatThrownBy(() -> routing.parse(badRoute)).hasMessageContaining("routes[0] (r).group-wait");
        assertThatThrownBy(() -> routing.parse(unsetElsewhere))
                .hasMessage("rules[0] (r).summary: environment variable NOPE is not set");
    }

    @Test
    void withoutRoutingOnlyTheVariableIsRequired() {
        assertThatThrownBy(() -> ConfigLoader.all().withEnvironment(name -> null).parse(FullExampleTest.EXAMPLE))
                .hasMessage("routes[0] (ops).mattermost.webhook-url: environment variable VIGIL_MM_OPS is not set");
    }
}
