package io.vigil.notifier;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vigil.test.mattermost.MattermostFake;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Mattermost fake with webhooks and a bot, and a Vigil YAML file whose routes tree uses each issue-10
 * feature once: several destinations and continue, a bot destination, a rate-limited storm route, a
 * hook whose channel does not exist, escalation to a second hook, a mute window, and a default route
 * that is also the fallback for failing destinations. Each route matches its own {@code route} label.
 */
public class TreeRoutesResource implements QuarkusTestResourceLifecycleManager {

    /** The hooks, by what a test calls them. */
    public static final String BOT_CHANNEL = "vigil-bot";
    private static final String[] HOOKS = {"storm", "gone", "first", "second", "muted", "fan-a", "fan-b", "fan-c",
            "admins", "api"};

    private static volatile MattermostFake fake;
    private static final Map<String, String> HOOK_IDS = new LinkedHashMap<>();
    private static volatile String botChannelId;
    private static volatile String botToken;
    private Path file;

    @Override
    public Map<String, String> start() {
        MattermostFake started = MattermostFake.start();
        Map<String, String> config = new LinkedHashMap<>();
        for (String name : HOOKS) {
            String hook = started.createHook("alerts");
            HOOK_IDS.put(name, hook);
            config.put("MM_HOOK_" + name.replace('-', '_').toUpperCase(java.util.Locale.ROOT), started.hookUrl(hook));
        }
        botChannelId = started.addBotChannel(BOT_CHANNEL);
        config.put("MM_URL", started.baseUrl());
        botToken = started.createBot(botChannelId);
        config.put("MM_BOT_TOKEN", botToken);
        config.put("MM_BOT_CHANNEL", botChannelId);
        String yaml = """
                routes:
                  - name: bot
                    match: {route: bot}
                    mattermost: {url: "${MM_URL}", bot-token: "${MM_BOT_TOKEN}", channel-id: "${MM_BOT_CHANNEL}",
                                 critical-priority: urgent}
                  - name: storm
                    match: {route: storm}
                    mattermost: {webhook-url: "${MM_HOOK_STORM}", rate-limit: {per-second: 50, burst: 20}}
                  - name: gone
                    match: {route: gone}
                    mattermost: {webhook-url: "${MM_HOOK_GONE}", channel: no-such-channel}
                  - name: escalating
                    match: {route: escalating}
                    mattermost: {webhook-url: "${MM_HOOK_FIRST}"}
                    escalate:
                      - {after: 2s, mention: "@oncall", mattermost: {name: second, webhook-url: "${MM_HOOK_SECOND}"}}
                  - name: muted
                    match: {route: muted}
                    mute: [{weekdays: [sat], from: "00:00", to: "23:59"}]
                    mattermost: {webhook-url: "${MM_HOOK_MUTED}"}
                  - name: fanout
                    match: {route: fanout}
                    continue: true
                    mattermost: {webhook-url: "${MM_HOOK_FAN_A}"}
                    destinations:
                      - mattermost: {name: b, webhook-url: "${MM_HOOK_FAN_B}"}
                  - name: fanout-also
                    match: {route: fanout}
                    mattermost: {webhook-url: "${MM_HOOK_FAN_C}"}
                  - name: admins
                    default: true
                    mattermost: {webhook-url: "${MM_HOOK_ADMINS}"}
                notifier:
                  fallback-route: admins
                """;
        try {
            file = ConfigFiles.write("vigil-notifier-tree", yaml.toString());
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        config.put("vigil.config-file", file.toString());
        fake = started;
        config.putAll(ConfigFiles.quickRetries("1s"));
        config.put("notifier.tick", "200ms");
        // Several incidents post at once per destination, so a storm would outrun any server limit
        // but for the destination's own rate limit.
        config.put("notifier.sub-lanes", "8");
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

    public static MattermostFake fake() {
        MattermostFake f = fake;
        if (f == null) {
            throw new IllegalStateException("TreeRoutesResource is not started");
        }
        return f;
    }

    public static String hook(String name) {
        return HOOK_IDS.get(name);
    }

    public static String botToken() {
        return botToken;
    }

    public static String botChannelId() {
        return botChannelId;
    }
}
