package io.vigil.notifier.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** The notifier's own settings: delivery retries and timeouts (routes live in the Vigil YAML file). */
@ConfigMapping(prefix = "notifier")
public interface NotifierConfig {

    /** How many times one notification is sent before it goes to the dead-letter topic (first try included). */
    @WithDefault("6")
    int maxAttempts();

    /** The backoff ceiling after the first failure; it doubles per failure, with full jitter. */
    @WithDefault("500ms")
    Duration initialBackoff();

    /** The largest backoff between two attempts. */
    @WithDefault("30s")
    Duration maxBackoff();

    /** How long one webhook request may take before it counts as a (retryable) timeout. */
    @WithDefault("5s")
    Duration requestTimeout();

    /** The longest {@code Retry-After} honoured; longer waits are cut to this. */
    @WithName("max-retry-after")
    @WithDefault("60s")
    Duration maxRetryAfter();

    /** Longest summary put in a post, in characters; longer ones are cut with an ellipsis. */
    @WithDefault("4000")
    int maxSummaryLength();
}
