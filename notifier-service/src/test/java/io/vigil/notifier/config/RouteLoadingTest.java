package io.vigil.notifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.vigil.config.ConfigException;
import io.vigil.notifier.route.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteLoadingTest {

    @TempDir
    Path dir;

    @Test
    void withoutAConfigFileThereAreNoRoutes() {
        Router router = new NotifierBeans().router(config());

        assertThat(router.routes()).isEmpty();
    }

    @Test
    void webhookVariablesAreReadThroughMicroProfileConfig() throws Exception {
        Path file = Files.writeString(dir.resolve("vigil.yaml"), """
                routes:
                  - name: ops
                    match: {severity: critical}
                    mattermost:
                      webhook-url: ${MM_TEST_HOOK}
                """);

        Router router = new NotifierBeans().router(config("vigil.config-file", file.toString(),
                "MM_TEST_HOOK", "https://mm.example/hooks/secret1"));

        assertThat(router.routes()).singleElement()
                .satisfies(r -> assertThat(r.mattermost().webhookUrl()).isEqualTo("https://mm.example/hooks/secret1"));
    }

    @Test
    void aBadFileFailsWithTheLoadersMessageAndNoSecret() throws Exception {
        Path file = Files.writeString(dir.resolve("vigil.yaml"), """
                routes:
                  - name: ops
                    mattermost:
                      webhook-url: ftp://mm.example/hooks/secret1
                """);

        assertThatThrownBy(() -> new NotifierBeans().router(config("vigil.config-file", file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("routes[0] (ops).mattermost.webhook-url: must be an http(s) URL")
                .hasMessageNotContaining("secret1");
    }

    @Test
    void anUnsetWebhookVariableFailsStart() throws Exception {
        Path file = Files.writeString(dir.resolve("vigil.yaml"), """
                routes:
                  - name: ops
                    mattermost:
                      webhook-url: ${MM_TEST_UNSET_HOOK}
                """);

        assertThatThrownBy(() -> new NotifierBeans().router(config("vigil.config-file", file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MM_TEST_UNSET_HOOK is not set");
    }

    private static Config config(String... keyValues) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            builder.withDefaultValue(keyValues[i], keyValues[i + 1]);
        }
        return builder.build();
    }
}
