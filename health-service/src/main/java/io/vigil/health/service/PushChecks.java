package io.vigil.health.service;

import io.smallrye.mutiny.Uni;
import io.vigil.config.CheckConfig;
import io.vigil.config.HeartbeatCheck;
import io.vigil.health.heartbeat.DuplicatiReport;
import io.vigil.health.heartbeat.HeartbeatTokens;
import io.vigil.health.heartbeat.PushState;
import io.vigil.health.heartbeat.PushVerdicts;
import io.vigil.health.probe.ProbeResult;
import io.vigil.health.store.HeartbeatStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The push checks ({@code heartbeat}, {@code duplicati}): their tokens, what their calls left
 * behind ({@link PushState}, stored at every call) and their verdicts ({@link PushVerdicts}). Tokens
 * are looked up by their SHA-256, so finding a check takes no time that depends on how much of a
 * guessed token was right.
 */
@ApplicationScoped
public class PushChecks {

    private final HeartbeatStore store;
    private final Clock clock;
    private final Instant started;
    private final Map<String, CheckConfig> byTokenHash = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, PushState> states = new ConcurrentHashMap<>();
    private final Map<String, Instant> watchingSince = new ConcurrentHashMap<>();

    public PushChecks(HeartbeatStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** Takes these push checks on (at start, or when one is added or changed): tokens and stored states. */
    public Uni<Void> start(List<CheckConfig> checks) {
        Uni<Void> chain = store.states().invoke(stored -> stored.forEach(states::putIfAbsent)).replaceWithVoid();
        for (CheckConfig check : checks) {
            HeartbeatCheck kind = (HeartbeatCheck) check.kind();
            chain = chain.chain(() -> store.token(check.name(), kind.token(), HeartbeatTokens.generate()))
                    .invoke(token -> register(check, token)).replaceWithVoid();
        }
        return chain;
    }

    private void register(CheckConfig check, String token) {
        String old = tokens.put(check.name(), token);
        if (old != null) {
            byTokenHash.remove(hash(old));
        }
        byTokenHash.put(hash(token), check);
        Instant now = clock.instant();
        // A check added while running is watched from now; the file's checks from the start.
        watchingSince.putIfAbsent(check.name(), now.isAfter(started.plusSeconds(5)) ? now : started);
    }

    /** The check a token belongs to. */
    public Optional<CheckConfig> byToken(String token) {
        if (token == null || token.isEmpty() || token.length() > 256) {
            return Optional.empty();
        }
        CheckConfig check = byTokenHash.get(hash(token));
        return check != null && HeartbeatTokens.sameToken(token, tokens.get(check.name()))
                ? Optional.of(check) : Optional.empty();
    }

    /** The token of a push check, or null. */
    public String token(String check) {
        return tokens.get(check);
    }

    /**
     * Records a call (a heartbeat, or a backup report when {@code report} is not null), stores it,
     * and answers the verdict it leads to (empty: none yet, e.g. a restore report before any backup).
     */
    public Uni<Optional<ProbeResult>> called(CheckConfig check, DuplicatiReport report) {
        Instant now = clock.instant();
        PushState state = states.getOrDefault(check.name(), PushState.NONE).after(report, now);
        states.put(check.name(), state);
        return store.save(check.name(), state).map(v -> verdictAt(check, now));
    }

    /** The verdict now, or empty while a never-called check is inside its first deadline. */
    public Uni<Optional<ProbeResult>> verdict(CheckConfig check) {
        return Uni.createFrom().item(verdictAt(check, clock.instant()));
    }

    private Optional<ProbeResult> verdictAt(CheckConfig check, Instant now) {
        return PushVerdicts.verdict((HeartbeatCheck) check.kind(), states.getOrDefault(check.name(), PushState.NONE),
                watchingSince.getOrDefault(check.name(), started), now);
    }

    /** Forgets a deleted check. */
    public Uni<Void> forget(String name) {
        String token = tokens.remove(name);
        if (token != null) {
            byTokenHash.remove(hash(token));
        }
        states.remove(name);
        watchingSince.remove(name);
        return store.delete(name);
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
