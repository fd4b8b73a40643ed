package io.vigil.notifier.config;

import io.quarkus.logging.Log;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.runtime.Startup;
import io.vigil.config.ConfigLoader;
import io.vigil.config.RouteConfig;
import io.vigil.config.VigilConfig;
import io.vigil.notifier.delivery.Deliverer;
import io.vigil.notifier.delivery.MattermostSender;
import io.vigil.notifier.delivery.RetryPolicy;
import io.vigil.notifier.route.Router;
import io.vigil.notifier.service.DeliveryLanes;
import io.vigil.notifier.service.NotifierMetrics;
import io.vigil.notifier.template.PostRenderer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vigil.events.Topics;
import io.vigil.support.DeadLetterWriter;
import io.vigil.support.VigilFile;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Builds the plain-Java parts of the notifier (router, retry policy, renderer, retry loop, lanes) from config. */
@ApplicationScoped
public class NotifierBeans {

    /**
     * Loads the {@code routes:} section of the Vigil YAML file ({@code VIGIL_CONFIG_FILE}) at start,
     * so a bad file stops the service with the loader's message; without a file, notifications go
     * to the log.
     */
    @Produces
    @Singleton
    @Startup
    Router router(Config config) {
        Optional<VigilConfig> file = VigilFile.load(config, ConfigLoader.Section.ROUTES);
        if (file.isEmpty()) {
            Log.info("routes none: no vigil.config-file set, notifications go to the log");
            return new Router(java.util.List.of());
        }
        VigilConfig loaded = file.get();
        Log.infof("routes loaded file=%s count=%d", VigilFile.path(config).orElseThrow(), loaded.routes().size());
        for (RouteConfig r : loaded.routes()) {
            // maskedUrl: the webhook URL is a secret.
            Log.infof("route name=%s match=%s matchers=%s target=%s channel=%s", r.name(), r.match(), r.matchers(),
                    r.mattermost().maskedUrl(), r.mattermost().channel());
        }
        return new Router(loaded.routes());
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

    @Produces
    @Singleton
    PostRenderer renderer(@Location("mattermost/title.txt") Template title,
            @Location("mattermost/text.txt") Template text,
            @Location("mattermost/fallback.txt") Template fallback,
            @Location("mattermost/group-title.txt") Template groupTitle,
            @Location("mattermost/group-line.txt") Template groupLine,
            NotifierConfig config) {
        return new PostRenderer(title, text, fallback, groupTitle, groupLine, config.maxSummaryLength(),
                config.maxGroupLines());
    }

    @Produces
    @Singleton
    Deliverer deliverer(MattermostSender sender, RetryPolicy policy) {
        return new Deliverer(sender, policy);
    }

    @Produces
    @Singleton
    DeliveryLanes lanes(NotifierConfig config, NotifierMetrics metrics) {
        Log.infof("delivery lanes sub_lanes_per_route=%d max_in_flight=%d", config.subLanes(), config.maxInFlight());
        return new DeliveryLanes(config.subLanes(), config.maxInFlight(), metrics::inFlight);
    }

    /** At shutdown: running deliveries are dropped unacknowledged; Kafka hands them out again. */
    void closeLanes(@Disposes DeliveryLanes lanes) {
        lanes.close();
    }
}
