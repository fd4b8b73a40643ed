package io.vigil.notifier;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vigil.test.mattermost.MattermostFake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Starts a {@link MattermostFake} with one hook per behaviour under test and writes a Vigil YAML
 * file whose routes pick a hook by the {@code hook} label. The webhook URLs reach the file as
 * {@code ${MM_HOOK_*}} variables through MicroProfile Config, as environment variables would in
 * production. Also sets short retry timings; init args (e.g. {@code notifier.max-attempts}) override them.
 * Route {@link #REFUSED} points at a closed loopback port.
 */
public class MattermostRoutesResource implements QuarkusTestResourceLifecycleManager {

    /** Routes by name; each matches {@code hook: <name>} and posts to its own hook. */
    public static final String OK = "ok";
    public static final String FLAKY = "flaky";
    public static final String REJECTING = "rejecting";
    public static final String LIMITED = "limited";
    public static final String STALLING = "stalling";
    public static final String ORDERED = "ordered";
    public static final String REFUSED = "refused";

    private static volatile MattermostFake fake;
    private static final Map<String, String> HOOKS = new HashMap<>();
    private Path file;
    private final Map<String, String> overrides = new HashMap<>();

    @Override
    public void init(Map<String, String> initArgs) {
        overrides.putAll(initArgs);
    }

    @Override
    public Map<String, String> start() {
        MattermostFake started = MattermostFake.start();
        started.addChannel("ops");
        Map<String, String> config = new LinkedHashMap<>();
        StringBuilder yaml = new StringBuilder("routes:\n");
        for (String name : new String[] {OK, FLAKY, REJECTING, LIMITED, STALLING, ORDERED, REFUSED}) {
            String hook = started.createHook("alerts");
            HOOKS.put(name, hook);
            String variable = "MM_HOOK_" + name.toUpperCase(Locale.ROOT);
            config.put(variable, name.equals(REFUSED) ? closedPortUrl(hook) : started.hookUrl(hook));
            yaml.append("  - name: ").append(name).append('\n')
                    .append("    match:\n      hook: ").append(name).append('\n')
                    .append("    mattermost:\n")
                    .append("      webhook-url: ${").append(variable).append("}\n");
            if (name.equals(OK)) {
                yaml.append("      channel: ops\n      username: vigil\n      icon-url: https://vigil.example/icon.png\n");
            }
        }
        try {
            file = ConfigFiles.write("vigil-notifier-test", yaml.toString());
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        config.put("vigil.config-file", file.toString());
        fake = started;
        config.putAll(ConfigFiles.quickRetries("500ms"));
        config.put("notifier.max-retry-after", "5s");
        // Lets a test see old delivery-log rows go within a second or two.
        config.put("notifier.retention-interval", "1s");
        // A database outage test should see the service resume within a second of the end of it.
        config.put("notifier.store-max-backoff", "1s");
        config.putAll(overrides);
        return config;
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
            fake = null;
        }
        ConfigFiles.delete(file);
    }

    /** A webhook URL on a loopback port nothing listens on: every request is refused. */
    private static String closedPortUrl(String hook) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort() + "/hooks/" + hook;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
