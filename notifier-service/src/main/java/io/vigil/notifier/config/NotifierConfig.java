package io.vigil.notifier.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/**
 * The notifier's own settings: delivery retries and timeouts, delivery lanes, the delivery-log claim
 * and its retention (routes live in the Vigil YAML file). Each key is also an environment variable,
 * e.g. {@code notifier.claim-lease} is {@code NOTIFIER_CLAIM_LEASE}.
 */
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

    /**
     * Most alert lines in one grouped post (one group flush); the rest are counted in a closing
     * "…and N more" line. Whatever this says, a post also stops short of Mattermost's 16383 characters.
     */
    @WithDefault("50")
    int maxGroupLines();

    /**
     * Sequential sub-lanes per destination. Notifications of one incident (group or alert) always take
     * the same sub-lane, so they are posted in order; different incidents go out up to this many at once
     * (still within the destination's rate limit). A crash can post each in-flight notification twice,
     * so the default of one keeps that to at most one duplicate per destination per crash.
     */
    @WithDefault("1")
    int subLanes();

    /**
     * Notifications taken from Kafka but not yet finished (delivered, dead, unrouted or skipped), all
     * routes together. When it is reached the consumer waits (backpressure) and Kafka holds the rest.
     */
    @WithDefault("256")
    int maxInFlight();

    /**
     * How long a claim in the delivery log stays with the process that took it; renewed before each
     * attempt. A notification left pending by a crashed process is taken over once its lease ends.
     * Must be longer than {@code request-timeout} + 1s, so a slow request never outlives its claim.
     */
    @WithDefault("30s")
    Duration claimLease();

    /** Finished delivery-log rows older than this are deleted. */
    @WithDefault("90d")
    Duration retention();

    /** How often the retention clean-up runs. */
    @WithDefault("1h")
    Duration retentionInterval();

    /** Rows deleted per statement by the clean-up, so it never holds long locks. */
    @WithDefault("1000")
    int retentionBatch();

    /**
     * How often held posts are checked for a closed mute window and escalation steps for their time;
     * so a post waits at most about this long past its window.
     */
    @WithDefault("1s")
    Duration tick();

    /**
     * How often routes added through the API are read again from PostgreSQL, so that another
     * notifier's changes take effect here (this one's take effect at once).
     */
    @WithDefault("10s")
    Duration adminRefresh();

    /** The first wait before a failed delivery-log operation (database down) is tried again; it doubles. */
    @WithDefault("200ms")
    Duration storeInitialBackoff();

    /** The longest wait between two tries of a delivery-log operation; it is retried for as long as it takes. */
    @WithDefault("10s")
    Duration storeMaxBackoff();
}
