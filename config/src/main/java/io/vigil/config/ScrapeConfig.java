package io.vigil.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An exporter from the {@code scrape:} section: the collector fetches its {@code /metrics} page
 * every interval and publishes the samples under the target's instance ({@code host:port}), each
 * labelled {@code job} (the name) and {@code instance}, as Prometheus does.
 *
 * @param name unique; the {@code job} label of every sample
 * @param url the exposition page, http or https
 * @param timeout at most {@code interval}: a scrape never overlaps the next one
 * @param labels added to every sample of the target
 * @param keep metric names to keep (full match); empty: all
 * @param drop metric names to drop (full match); a name both kept and dropped is dropped
 * @param basicAuth null: none
 * @param bearerToken null: none; never both with {@code basicAuth}
 * @param bodySizeLimit the most bytes of a page (after decompression) the collector reads; a larger
 *     page is a failed scrape ({@code body_too_large}); 0 takes the default
 */
public record ScrapeConfig(String name, URI url, Duration interval, Duration timeout, Map<String, String> labels,
        List<Pattern> keep, List<Pattern> drop, BasicAuth basicAuth, String bearerToken, long bodySizeLimit) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * 5 MiB: a hundred times a node_exporter page (about 50 KB), and small enough that reading and
     * parsing the largest allowed page fits the agent's small heap. Prometheus' own default is no limit.
     */
    public static final long DEFAULT_BODY_SIZE_LIMIT = 5L << 20;
    /** Labels the scraper sets itself; a target's {@code labels} may not name them. */
    public static final List<String> RESERVED_LABELS = List.of("job", "instance");

    public ScrapeConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        // As Prometheus: an unset timeout is the default, cut down to the interval when that is shorter.
        timeout = timeout == null ? (DEFAULT_TIMEOUT.compareTo(interval) > 0 ? interval : DEFAULT_TIMEOUT) : timeout;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        keep = keep == null ? List.of() : List.copyOf(keep);
        drop = drop == null ? List.of() : List.copyOf(drop);
        bodySizeLimit = bodySizeLimit <= 0 ? DEFAULT_BODY_SIZE_LIMIT : bodySizeLimit;
    }

    /** A target with the defaults: every 15 s, no labels, no filter, no credentials. */
    public static ScrapeConfig of(String name, URI url) {
        return new ScrapeConfig(name, url, null, null, null, null, null, null, null, 0);
    }

    /** The {@code instance} label and the batch key: {@code host:port}, the scheme's port when the URL has none. */
    public String instance() {
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return url.getHost() + ":" + port;
    }

    /** Whether samples of this metric are published: not dropped, and kept when a keep list is given. */
    public boolean keeps(String metricName) {
        for (Pattern p : drop) {
            if (p.matcher(metricName).matches()) {
                return false;
            }
        }
        if (keep.isEmpty()) {
            return true;
        }
        for (Pattern p : keep) {
            if (p.matcher(metricName).matches()) {
                return true;
            }
        }
        return false;
    }

    // Pattern has identity equality; two targets with the same regex text are the same target.
    @Override
    public boolean equals(Object o) {
        return o instanceof ScrapeConfig s && name.equals(s.name) && url.equals(s.url) && interval.equals(s.interval)
                && timeout.equals(s.timeout) && labels.equals(s.labels) && texts(keep).equals(texts(s.keep))
                && texts(drop).equals(texts(s.drop)) && Objects.equals(basicAuth, s.basicAuth)
                && Objects.equals(bearerToken, s.bearerToken) && bodySizeLimit == s.bodySizeLimit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, url, interval, timeout, labels, texts(keep), texts(drop), basicAuth, bearerToken, bodySizeLimit);
    }

    @Override
    public String toString() {
        // No credentials: this may end up in a log line.
        return "ScrapeConfig[name=" + name + ", url=" + url + ", interval=" + Durations.format(interval) + ", timeout="
                + Durations.format(timeout) + ", labels=" + labels + ", keep=" + texts(keep) + ", drop=" + texts(drop)
                + ", auth=" + (basicAuth != null ? "basic" : bearerToken != null ? "bearer" : "none") + ", bodySizeLimit="
                + ByteSizes.format(bodySizeLimit) + "]";
    }

    static List<String> texts(List<Pattern> patterns) {
        return patterns.stream().map(Pattern::pattern).toList();
    }

    /** HTTP basic authentication; both parts required. */
    public record BasicAuth(String username, String password) {

        public BasicAuth {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "BasicAuth[username=" + username + ", password=" + CheckFormat.MASK + "]";
        }
    }
}
