package io.vigil.alert.silence;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The one question silences, maintenance windows and inhibition share: is an alert with these
 * attributes muted at this instant, and why.
 */
public interface Muter {

    /**
     * Why an alert with these attributes is muted at {@code at}, or empty when it is not.
     *
     * @param attributes the alert's labels plus {@code rule} and {@code severity} (see {@link AlertRef#attributes})
     */
    Optional<MuteReason> mutes(Map<String, String> attributes, Instant at);
}
