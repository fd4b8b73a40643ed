package io.vigil.alert.live;

import java.util.Map;

/**
 * One live chart sample as a {@code points} frame carries it: the metric, all its labels (host
 * included, so a chart keys series the way {@code /api/metrics/query} does), the batch's time in
 * epoch milliseconds and the value.
 */
public record LivePoint(String metric, Map<String, String> labels, long t, double v) {
}
