package io.vigil.alert.rule;

import java.util.HashMap;
import java.util.Map;

/**
 * One series as it arrives: the batch's host and the sample's own labels, without copying them
 * into one map (the hot path looks series up per sample). {@link #labels()} builds the alert's
 * labels when an alert needs them.
 */
record SeriesKey(String host, Map<String, String> sampleLabels) {

    /** The labels an alert of this series carries: the sample's labels plus {@code host}. */
    Map<String, String> labels() {
        if (sampleLabels.containsKey("host") || host == null) {
            return sampleLabels;
        }
        Map<String, String> labels = new HashMap<>(sampleLabels);
        labels.put("host", host);
        return Map.copyOf(labels);
    }

    /** The key of a stored alert's labels (as {@link #labels()} built them). */
    static SeriesKey ofLabels(Map<String, String> labels) {
        String host = labels.get("host");
        if (host == null) {
            return new SeriesKey(null, Map.copyOf(labels));
        }
        Map<String, String> rest = new HashMap<>(labels);
        rest.remove("host");
        return new SeriesKey(host, Map.copyOf(rest));
    }
}
