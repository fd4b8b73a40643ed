package io.vigil.alert.silence;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that answers "is this alert muted, and why": inhibition, then silences, then
 * maintenance windows; the first reason wins. Built per dispatch round from the inhibitor's
 * snapshot of the firing alerts and the long-lived silences and windows.
 */
public final class Mutes implements Muter {

    private final Inhibition inhibition;
    private final Silences silences;
    private final MaintenanceWindows maintenance;

    public Mutes(Inhibition inhibition, Silences silences, MaintenanceWindows maintenance) {
        this.inhibition = Objects.requireNonNull(inhibition, "inhibition");
        this.silences = Objects.requireNonNull(silences, "silences");
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
    }

    /**
     * Why {@code alert} is muted at {@code at}, or empty. Inhibition comes first, as in
     * Alertmanager's pipeline: its reason names the alert whose resolution releases this one,
     * which a silence or window over the same alert would hide.
     */
    public Optional<MuteReason> why(AlertRef alert, Instant at) {
        Optional<MuteReason> reason = inhibition.inhibits(alert);
        if (reason.isEmpty()) {
            reason = silences.mutes(alert.attributes(), at);
        }
        if (reason.isEmpty()) {
            reason = maintenance.mutes(alert.attributes(), at);
        }
        return reason;
    }

    /**
     * The same question for a label set that is not (yet) an alert, such as a new alert before it
     * is stored or the API's "would this be muted". Inhibition applies too: an alert never
     * inhibits itself, so no id is needed to keep it from doing so.
     */
    @Override
    public Optional<MuteReason> mutes(Map<String, String> attributes, Instant at) {
        return why(new AlertRef(null, attributes), at);
    }
}
