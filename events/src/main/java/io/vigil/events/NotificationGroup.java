package io.vigil.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * The alerts one post tells about: every change of one group (route + group-by labels) since its
 * last post, so that a host outage that trips thirty rules is one post, not thirty.
 *
 * @param key the group's key (route and the values of its group-by labels)
 * @param labels the group-by labels and their values
 * @param alerts the changes, most severe first
 * @param stillFiring how many alerts of the group are firing after these changes
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NotificationGroup(String key, Map<String, String> labels, List<GroupedAlert> alerts, int stillFiring) {

    public NotificationGroup {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }
}
