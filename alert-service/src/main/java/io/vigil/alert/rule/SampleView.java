package io.vigil.alert.rule;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * A sample's labels plus {@code host}, as a read-only map for label matchers, without copying:
 * one instance is re-pointed at each sample (the engine is single-threaded).
 */
final class SampleView extends AbstractMap<String, String> {

    private String host;
    private Map<String, String> labels = Map.of();

    SampleView of(String newHost, Map<String, String> newLabels) {
        this.host = newHost;
        this.labels = newLabels;
        return this;
    }

    @Override
    public String get(Object key) {
        String v = labels.get(key);
        if (v == null && "host".equals(key)) {
            return host;
        }
        return v;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new SeriesKey(host, labels).labels().entrySet();
    }
}
