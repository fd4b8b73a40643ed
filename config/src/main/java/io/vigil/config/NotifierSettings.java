package io.vigil.config;

import java.nio.file.Path;

/**
 * The {@code notifier:} section: delivery settings that are not a route's.
 *
 * @param templates a directory whose {@code mattermost/*.txt} files replace the built-in templates of
 *     the same name; null: the built-in ones
 * @param fallbackRoute the route that is told when a destination fails for good (404, 401, 403); null:
 *     the default route, else only the log and metrics
 * @param rateLimit the rate limit of a destination that sets none
 */
public record NotifierSettings(Path templates, String fallbackRoute, RateLimit rateLimit) {

    public static final NotifierSettings DEFAULTS = new NotifierSettings(null, null, RateLimit.DEFAULT);

    public NotifierSettings {
        rateLimit = rateLimit == null ? RateLimit.DEFAULT : rateLimit;
    }
}
