package io.vigil.alert.store;

import java.util.List;

/**
 * One page of alerts, most recently changed first.
 *
 * @param next the cursor of the following page, or null when there is none. A page can hold fewer
 *     than {@code limit} items while {@code next} is set: a request stops scanning after
 *     {@link PageBuilder#MAX_SCAN} alerts that the label matchers refused.
 */
public record AlertPage(List<AlertView> items, String next, int limit) {
}
