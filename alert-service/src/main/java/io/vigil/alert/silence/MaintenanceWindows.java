package io.vigil.alert.silence;

import io.vigil.config.LabelMatchers;
import io.vigil.config.MaintenanceConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recurring maintenance windows, as a {@link Muter}: an alert is muted while a window whose
 * matchers it matches is open. A window without matchers covers every alert (the config allows it
 * on purpose: "everything is down during the move"). Replaced whole on config reload or API change,
 * read from any thread.
 */
public final class MaintenanceWindows implements Muter {

    private volatile List<MaintenanceConfig> windows = List.of();

    public MaintenanceWindows() {
    }

    public MaintenanceWindows(List<MaintenanceConfig> windows) {
        replace(windows);
    }

    /** Makes {@code windows} the current list, in one step. */
    public void replace(List<MaintenanceConfig> windows) {
        this.windows = List.copyOf(windows);
    }

    public List<MaintenanceConfig> all() {
        return windows;
    }

    /** The first window, in configured order, that is open at {@code at} and covers these attributes. */
    @Override
    public Optional<MuteReason> mutes(Map<String, String> attributes, Instant at) {
        for (MaintenanceConfig w : windows) {
            // Matchers first: they are cheap, while a schedule works out local dates and times.
            if (LabelMatchers.matches(w.matchers(), attributes) && w.schedule().activeAt(at)) {
                return Optional.of(MuteReason.maintenance(w));
            }
        }
        return Optional.empty();
    }
}
