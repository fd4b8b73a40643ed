package io.vigil.test.mattermost;

import java.time.Instant;

/** One request to a hook as the fake saw it: when it arrived and the status it was answered with. */
public record Attempt(Instant at, int status) {
}
