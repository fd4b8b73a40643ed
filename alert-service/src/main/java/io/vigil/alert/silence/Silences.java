package io.vigil.alert.silence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The silences in force, as a {@link Muter}. The list is replaced whole (from the store, after an
 * API change) and read from any thread: readers always see one complete list, never a half-updated one.
 */
public final class Silences implements Muter {

    private volatile List<Silence> silences = List.of();

    public Silences() {
    }

    public Silences(List<Silence> silences) {
        replace(silences);
    }

    /** Makes {@code silences} the current list, in one step. */
    public void replace(List<Silence> silences) {
        this.silences = List.copyOf(silences);
    }

    /** The current list, expired and future silences included. */
    public List<Silence> all() {
        return silences;
    }

    /**
     * The active silence that mutes these attributes; when several do, the one that ends last,
     * since that is the one that keeps the alert quiet.
     */
    @Override
    public Optional<MuteReason> mutes(Map<String, String> attributes, Instant at) {
        Silence found = null;
        for (Silence s : silences) {
            if (s.mutes(attributes, at) && (found == null || s.endsAt().isAfter(found.endsAt()))) {
                found = s;
            }
        }
        return found == null ? Optional.empty() : Optional.of(MuteReason.silenced(found));
    }
}
