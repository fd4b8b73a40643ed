package io.vigil.health.service;

import io.vigil.config.CheckConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels every result of a check carries, which alert rules match and group on: the check's
 * own labels, plus {@code check} (its name), {@code type} and {@code host} (the target host, or the
 * check's name for push checks) unless the check's labels set those themselves.
 */
public final class ResultLabels {

    private ResultLabels() {
    }

    public static Map<String, String> of(CheckConfig check) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("check", check.name());
        labels.put("type", check.type());
        String target = check.kind().target();
        labels.put("host", target != null ? target : check.name());
        labels.putAll(check.labels());
        return labels;
    }
}
