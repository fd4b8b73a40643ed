package io.vigil.alert.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.store.SilenceStore;
import io.vigil.alert.store.StoredSilence;
import io.vigil.config.LabelMatcher;
import io.vigil.support.rest.ConflictException;
import io.vigil.support.rest.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Silences: creating, changing and expiring them (operators), listing them (viewers). */
@ApplicationScoped
public class SilenceService {

    private final SilenceStore store;
    private final AdminSources sources;

    public SilenceService(SilenceStore store, AdminSources sources) {
        this.store = store;
        this.sources = sources;
    }

    /**
     * Silences, newest first.
     *
     * @param active null: all; true: those muting at {@code now}; false: the others (pending or expired)
     */
    public Uni<List<StoredSilence>> list(Boolean active, Instant now) {
        return store.all().map(all -> active == null ? all
                : all.stream().filter(s -> (s.statusAt(now) == StoredSilence.Status.ACTIVE) == active).toList());
    }

    public Uni<StoredSilence> get(UUID id) {
        return store.get(id).map(found -> found.orElseThrow(() -> notFound(id)));
    }

    /** Creates a silence starting at {@code startsAt} (null: now). */
    public Uni<StoredSilence> create(List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String comment,
            String actor, Instant now) {
        StoredSilence silence = new StoredSilence(UUID.randomUUID(), matchers, startsAt == null ? now : startsAt, endsAt,
                actor, comment, now, null, null);
        return store.create(silence).invoke(s -> Log.infof("silence created id=%s by=%s matchers=%s ends_at=%s",
                s.id(), actor, s.matchers(), s.endsAt())).call(s -> sources.reloadSilences());
    }

    /**
     * Replaces a silence's matchers, end and comment (and its start, when given); an expired silence
     * stays as it was ({@link ConflictException}).
     */
    public Uni<StoredSilence> update(UUID id, List<LabelMatcher> matchers, Instant startsAt, Instant endsAt,
            String comment, String actor, Instant now) {
        return get(id).chain(existing -> {
            if (existing.statusAt(now) == StoredSilence.Status.EXPIRED) {
                return Uni.createFrom().failure(expired(id));
            }
            Instant start = startsAt != null ? startsAt : existing.startsAt();
            return store.update(id, matchers, start, endsAt, comment, actor, now)
                    .map(updated -> updated.orElseThrow(() -> expired(id)))
                    .invoke(s -> Log.infof("silence updated id=%s by=%s", id, actor))
                    .call(s -> sources.reloadSilences());
        });
    }

    /** Expires a silence now (kept for history); expiring an expired one changes nothing. */
    public Uni<StoredSilence> expire(UUID id, String actor, Instant now) {
        return store.expire(id, actor, now).map(found -> found.orElseThrow(() -> notFound(id)))
                .invoke(s -> Log.infof("silence expired id=%s by=%s", id, actor))
                .call(s -> sources.reloadSilences());
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("id", "no silence has the id " + id);
    }

    private static ConflictException expired(UUID id) {
        return new ConflictException("id", "silence " + id + " has expired and is kept as history; create a new one");
    }
}
