package io.vigil.alert.service;

import java.time.Instant;

/**
 * A host the dashboard lists: when its latest sample was taken and whether that is recent enough
 * to call it up.
 */
public record HostStatus(String host, Instant lastSeen, boolean up) {
}
