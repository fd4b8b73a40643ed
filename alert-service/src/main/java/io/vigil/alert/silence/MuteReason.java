package io.vigil.alert.silence;

import io.vigil.config.MaintenanceConfig;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Why an alert is recorded but not notified: which silence, maintenance window or inhibiting
 * alert holds it back, worded for its history.
 *
 * @param id the silence id, the maintenance window's name, or the inhibiting alert's id
 * @param description the silence's author and comment, the window's comment, or the inhibiting
 *        alert's rule and shared label values
 */
public record MuteReason(Kind kind, String id, String description) {

    /** What mutes it. */
    public enum Kind {
        SILENCED,
        MAINTENANCE,
        INHIBITED
    }

    /** Long enough to find the silence or alert, short enough for a history line (as git does). */
    private static final int SHORT_ID = 8;

    public MuteReason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        description = description == null ? "" : description;
    }

    public static MuteReason silenced(Silence silence) {
        String why = silence.comment().isBlank() ? silence.createdBy() : silence.createdBy() + ": " + silence.comment();
        return new MuteReason(Kind.SILENCED, silence.id().toString(), why);
    }

    public static MuteReason maintenance(MaintenanceConfig window) {
        return new MuteReason(Kind.MAINTENANCE, window.name(), window.comment());
    }

    /** Held back by a firing alert; {@code description} says which, e.g. {@code host-down on web-1}. */
    public static MuteReason inhibited(UUID inhibitingAlert, String description) {
        return new MuteReason(Kind.INHIBITED, inhibitingAlert.toString(), description);
    }

    /** The inhibiting alert, for an inhibition: when it resolves, the muted alert is told. */
    public Optional<UUID> inhibitingAlert() {
        return kind == Kind.INHIBITED ? Optional.of(UUID.fromString(id)) : Optional.empty();
    }

    /**
     * The reason as a history line: {@code silenced by 3f2a1b2c (alice: disk swap)},
     * {@code maintenance window sunday-backups}, {@code inhibited by host-down on web-1 (alert 9c1d2e3f)}.
     */
    public String text() {
        return switch (kind) {
            case SILENCED -> "silenced by " + shortId() + " (" + description + ")";
            case MAINTENANCE -> "maintenance window " + id + (description.isBlank() ? "" : " (" + description + ")");
            case INHIBITED -> "inhibited by " + description + " (alert " + shortId() + ")";
        };
    }

    private String shortId() {
        return id.length() > SHORT_ID ? id.substring(0, SHORT_ID) : id;
    }

    @Override
    public String toString() {
        return text();
    }
}
