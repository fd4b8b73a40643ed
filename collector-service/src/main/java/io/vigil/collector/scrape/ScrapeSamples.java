package io.vigil.collector.scrape;

import io.vigil.config.ScrapeConfig;
import io.vigil.events.MetricSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one scrape into the samples of its batch, labelled as Prometheus labels them: {@code job}
 * (the target's name), {@code instance} ({@code host:port}) and the target's labels on every
 * sample; an exporter's own label of one of those names is kept as {@code exported_<name>}. The
 * target's keep/drop lists filter by metric name; {@code _created} series (OpenMetrics creation
 * times, not values) are skipped. Then the synthetic samples Prometheus adds: {@code up},
 * {@code scrape_duration_seconds}, {@code scrape_samples_scraped},
 * {@code scrape_samples_post_metric_relabeling}, and on failure {@code scrape_error{reason}} 1.
 */
public final class ScrapeSamples {

    public static final String UP = "up";
    public static final String DURATION = "scrape_duration_seconds";
    public static final String SCRAPED = "scrape_samples_scraped";
    public static final String KEPT = "scrape_samples_post_metric_relabeling";
    public static final String ERROR = "scrape_error";
    public static final String JOB = "job";
    public static final String INSTANCE = "instance";
    public static final String REASON = "reason";

    private final ScrapeConfig target;
    /** job, instance and the target's labels: what every sample of this target carries. */
    private final Map<String, String> targetLabels;

    public ScrapeSamples(ScrapeConfig target) {
        this.target = target;
        Map<String, String> labels = new LinkedHashMap<>(target.labels());
        labels.put(JOB, target.name());
        labels.put(INSTANCE, target.instance());
        this.targetLabels = Map.copyOf(labels);
    }

    /** The labels every sample of the target carries. */
    public Map<String, String> targetLabels() {
        return targetLabels;
    }

    /** Every sample to publish for this scrape, synthetic ones last. */
    public List<MetricSample> of(ScrapeResult result) {
        List<MetricSample> out = new ArrayList<>(result.samples().size() + 5);
        for (ParsedSample s : result.samples()) {
            if (s.name().endsWith("_created") || !target.keeps(s.name())) {
                continue;
            }
            out.add(new MetricSample(s.name(), labels(s.labels()), s.value()));
        }
        int kept = out.size();
        out.add(new MetricSample(UP, targetLabels, result.up() ? 1 : 0));
        out.add(new MetricSample(DURATION, targetLabels, result.seconds()));
        out.add(new MetricSample(SCRAPED, targetLabels, result.samples().size()));
        out.add(new MetricSample(KEPT, targetLabels, kept));
        if (!result.up()) {
            Map<String, String> labels = new HashMap<>(targetLabels);
            labels.put(REASON, result.reason());
            out.add(new MetricSample(ERROR, labels, 1));
        }
        return out;
    }

    private Map<String, String> labels(Map<String, String> exported) {
        if (exported.isEmpty()) {
            return targetLabels;
        }
        Map<String, String> labels = new HashMap<>(exported.size() + targetLabels.size());
        exported.forEach((name, value) -> {
            // honor_labels: false, as Prometheus' default: the scraper's labels win, the exporter's stay visible.
            labels.put(targetLabels.containsKey(name) ? "exported_" + name : name, value);
        });
        labels.putAll(targetLabels);
        return labels;
    }
}
