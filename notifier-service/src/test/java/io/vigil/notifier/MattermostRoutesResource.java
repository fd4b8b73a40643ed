package io.vigil.notifier;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vigil.test.mattermost.MattermostFake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Starts a {@link MattermostFake} with one hook per behaviour under test and writes a Vigil YAML
 * file whose routes pick a hook by the {@code hook} label. The webhook URLs reach the file as
 * {@code ${MM_HOOK_*}} variables through MicroProfile Config, as environment variables would in
 * production. Also sets short retry timings.
 */
public class MattermostRoutesResource implements QuarkusTestResourceLifecycleManager {

    /** Routes by name; each matches {@code hook: <name>} and posts to its own hook. */
    public static final String OK = "ok";
    public static final String FLAKY = "flaky";
    public static final String REJECTING = "rejecting";
    public static final String LIMITED = "limited";
    public static final String STALLING = "stalling";

    private static volatile MattermostFake fake;
    private static final Map<String, String> HOOKS = new HashMap<>();
    private Path dir;

    @Override
    public Map<String, String> start() {
        MattermostFake started = MattermostFake.start();
        started.addChannel("ops");
        Map<String, String> config = new LinkedHashMap<>();
        StringBuilder yaml = new StringBuilder("routes:\n");
        for (String name : new String[] {OK, FLAKY, REJECTING, LIMITED, STALLING}) {
            String hook = started.createHook("alerts");
            HOOKS.put(name, hook);
            String variable = "MM_HOOK_" + name.toUpperCase(Locale.ROOT);
            config.put(variable, started.hookUrl(hook));
            yaml.append("  - name: ").append(name).append('\n')
                    .append("    match:\n      hook: ").append(name).append('\n')
                    .append("    mattermost:\n")
                    .append("      webhook-url: ${").append(variable).append("}\n");
            if (name.equals(OK)) {
                yaml.append("      channel: ops\n      username: vigil\n      icon-url: https://vigil.example/icon.png\n");
            }
        }
        try {
            dir = Files.createTempDirectory("vigil-notifier-test");
            Path file = dir.resolve("vigil.yaml");
            Files.writeString(file, yaml);
            config.put("vigil.config-file", file.toString());
        } catch (IOException e) {
            started.close();
            throw new UncheckedIOException(e);
        }
        fake = started;
        // Short timings keep retries inside a test's patience; the policy itself is unit-tested.
        config.put("notifier.max-attempts", "4");
        config.put("notifier.initial-backoff", "20ms");
        config.put("notifier.max-backoff", "100ms");
        config.put("notifier.request-timeout", "500ms");
        config.put("notifier.max-retry-after", "5s");
        return config;
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
            fake = null;
        }
        if (dir != null) {
            try {
                Files.deleteIfExists(dir.resolve("vigil.yaml"));
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // A temp dir left behind is harmless.
            }
        }
    }

    public static MattermostFake fake() {
        MattermostFake f = fake;
        if (f == null) {
            throw new IllegalStateException("MattermostRoutesResource is not started");
        }
        return f;
    }

    /** The fake hook id behind a route. */
    public static String hook(String route) {
        return HOOKS.get(route);
    }
}
