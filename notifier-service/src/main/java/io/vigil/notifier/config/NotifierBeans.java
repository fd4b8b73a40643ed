package io.vigil.notifier.config;

import io.quarkus.arc.DefaultBean;
import io.quarkus.logging.Log;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.runtime.Startup;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.NotifierSettings;
import io.vigil.config.RouteConfig;
import io.vigil.config.RouteTree;
import io.vigil.config.VigilConfig;
import io.vigil.events.EventSource;
import io.vigil.events.Topics;
import io.vigil.notifier.delivery.Deliverer;
import io.vigil.notifier.delivery.MattermostSender;
import io.vigil.notifier.delivery.RetryPolicy;
import io.vigil.notifier.delivery.TokenBuckets;
import io.vigil.notifier.route.Router;
import io.vigil.notifier.service.ChannelWatch;
import io.vigil.notifier.service.DeliveryLanes;
import io.vigil.notifier.service.Escalations;
import io.vigil.notifier.service.Holds;
import io.vigil.notifier.service.NotificationService;
import io.vigil.notifier.service.NotifierMetrics;
import io.vigil.notifier.service.Posting;
import io.vigil.notifier.store.DeliveryLog;
import io.vigil.notifier.store.IncidentStore;
import io.vigil.notifier.template.PostRenderer;
import io.vigil.notifier.template.PostTemplates;
import io.vigil.support.DeadLetterWriter;
import io.vigil.support.VigilFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Builds the plain-Java parts of the notifier (routes, retry policy, renderer, retry loop, lanes, path) from config. */
@ApplicationScoped
public class NotifierBeans {

    /** What the notifier reads of the Vigil YAML file: the routes: tree and the notifier: section. */
    public record NotifierFile(List<RouteConfig> routes, NotifierSettings settings) {
    }

    /**
     * Loads the {@code routes:} and {@code notifier:} sections of the Vigil YAML file
     * ({@code VIGIL_CONFIG_FILE}) at start, so a bad file stops the service with the loader's message;
     * without a file, notifications go to the log.
     */
    @Produces
    @Singleton
    @Startup
    NotifierFile file(Config config) {
        Optional<VigilConfig> file = VigilFile.load(config, ConfigLoader.Section.ROUTES, ConfigLoader.Section.NOTIFIER);
        if (file.isEmpty()) {
            Log.info("routes none: no vigil.config-file set, notifications go to the log");
            return new NotifierFile(List.of(), NotifierSettings.DEFAULTS);
        }
        VigilConfig loaded = file.get();
        RouteTree tree = new RouteTree(loaded.routes());
        Log.infof("routes loaded file=%s count=%d", VigilFile.path(config).orElseThrow(), tree.all().size());
        for (RouteConfig r : tree.all()) {
            // maskedUrl: webhook URLs and bot tokens are secrets.
            Log.infof("route name=%s match=%s matchers=%s continue=%s default=%s destinations=%s mute=%d active=%d"
                    + " escalate=%d", r.name(), r.match(), r.matchers(), r.continueMatching(), r.defaultRoute(),
                    r.destinations().stream().map(t -> t.name() + "=" + t.maskedUrl()).toList(), r.mute().size(),
                    r.active().size(), r.escalate().size());
        }
        return new NotifierFile(loaded.routes(), loaded.notifier());
    }

    @Produces
    @Singleton
    Router router(NotifierFile file) {
        return new Router(file.routes());
    }

    /** The router straight from MicroProfile Config (tests of the file loading). */
    Router router(Config config) {
        return router(file(config));
    }

    /** The notifier's clock: mute windows, escalation times. Tests replace it to move time. */
    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** {@code notifications-dlq}: the original value and key, reason and origin in headers. */
    @Produces
    @Singleton
    DeadLetterWriter deadLetters(@Channel(Topics.NOTIFICATIONS_DLQ) MutinyEmitter<String> emitter) {
        return new DeadLetterWriter(emitter);
    }

    @Produces
    @Singleton
    RetryPolicy retryPolicy(NotifierConfig config) {
        return new RetryPolicy(config.maxAttempts(), config.initialBackoff(), config.maxBackoff(),
                config.maxRetryAfter(), () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The built-in templates of {@code templates/mattermost/} ({@link PostTemplates} names them), each
     * replaced by the file of the same name in the {@code notifier: templates:} directory when there is
     * one. A template that does not parse stops the start naming its file.
     */
    @Produces
    @Singleton
    PostRenderer renderer(Engine engine, NotifierFile file, NotifierConfig config) {
        Path dir = file.settings().templates();
        PostTemplates templates = PostTemplates.load(name -> {
            Template builtIn = engine.getTemplate("mattermost/" + name);
            if (builtIn == null) {
                throw new IllegalStateException("built-in template mattermost/" + name + " is missing");
            }
            return own(engine, dir, name, builtIn);
        });
        return new PostRenderer(templates, config.maxSummaryLength(), config.maxGroupLines());
    }

    private static Template own(Engine engine, Path dir, String name, Template builtIn) {
        if (dir == null) {
            return builtIn;
        }
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("notifier.templates: " + dir + " is not a directory");
        }
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            return builtIn;
        }
        try {
            Template parsed = engine.parse(Files.readString(file));
            Log.infof("template %s from %s", name, file);
            return parsed;
        } catch (IOException e) {
            throw new ConfigException("notifier.templates: cannot read " + file + ": " + e.getMessage(), e);
        } catch (TemplateException e) {
            throw new ConfigException("notifier.templates: " + file + " is not a valid Qute template: "
                    + e.getMessage(), e);
        }
    }

    @Produces
    @Singleton
    TokenBuckets buckets() {
        return new TokenBuckets(System::nanoTime);
    }

    @Produces
    @Singleton
    Deliverer deliverer(MattermostSender sender, RetryPolicy policy, TokenBuckets buckets, NotifierMetrics metrics) {
        return new Deliverer(sender, policy, buckets, metrics::rateLimitWait);
    }

    @Produces
    @Singleton
    DeliveryLanes lanes(NotifierConfig config, NotifierMetrics metrics) {
        Log.infof("delivery lanes sub_lanes_per_destination=%d max_in_flight=%d", config.subLanes(),
                config.maxInFlight());
        return new DeliveryLanes(config.subLanes(), config.maxInFlight(), metrics::inFlight);
    }

    /** At shutdown: running deliveries are dropped unacknowledged; Kafka hands them out again. */
    void closeLanes(@Disposes DeliveryLanes lanes) {
        lanes.close();
    }

    @Produces
    @Singleton
    NotificationService service(Router router, DeliveryLog log, IncidentStore incidents, PostRenderer renderer,
            Deliverer deliverer, NotifierMetrics metrics, DeliveryLanes lanes, Clock clock, NotifierFile file) {
        Posting posting = new Posting(deliverer, incidents, renderer, file.settings().rateLimit(), metrics);
        return new NotificationService(router, log, incidents, renderer, posting, metrics, lanes, clock);
    }

    @Produces
    @Singleton
    ChannelWatch channelWatch(NotificationService service, IncidentStore incidents, Router router, NotifierFile file,
            DeadLetterWriter deadLetters, NotifierMetrics metrics) {
        return new ChannelWatch(service, incidents, router::tree, file.settings().fallbackRoute(), deadLetters,
                metrics, new EventSource("notifier-service", localHost()));
    }

    @Produces
    @Singleton
    Holds holds(NotificationService service, IncidentStore incidents, DeadLetterWriter deadLetters,
            NotifierMetrics metrics) {
        return new Holds(service, incidents, deadLetters, metrics);
    }

    @Produces
    @Singleton
    Escalations escalations(NotificationService service, IncidentStore incidents, DeadLetterWriter deadLetters,
            NotifierMetrics metrics) {
        return new Escalations(service, incidents, deadLetters, metrics);
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
