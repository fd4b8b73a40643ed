package io.vigil.health.probe;

import io.smallrye.mutiny.Uni;
import io.vigil.config.CheckConfig;
import io.vigil.config.CheckKind;
import io.vigil.config.DatabaseCheck;
import io.vigil.config.Durations;
import io.vigil.config.HttpCheck;
import io.vigil.config.TcpCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;

/**
 * Runs an outbound check once with the probe of its kind. The one entry point for the scheduler:
 * whatever a probe does, the Uni ends with a result, never a failure, within the check's timeout
 * plus {@link #GRACE}.
 */
@ApplicationScoped
public class Probes {

    /** How long past the timeout a probe may take before it is abandoned (its own timer should win). */
    public static final Duration GRACE = Duration.ofSeconds(1);

    private final Probe http;
    private final Probe tcp;
    private final Probe database;

    @Inject
    public Probes(HttpProbe http, TcpProbe tcp, DatabaseProbe database) {
        this((Probe) http, tcp, database);
    }

    /** With any probes, e.g. a fake that never answers. */
    public Probes(Probe http, Probe tcp, Probe database) {
        this.http = http;
        this.tcp = tcp;
        this.database = database;
    }

    /**
     * The result of one run of {@code check}.
     *
     * @throws IllegalArgumentException for push checks (heartbeat, duplicati): nothing to run
     */
    public Uni<ProbeResult> run(CheckConfig check) {
        Probe probe = probeFor(check.kind());
        if (probe == null) {
            throw new IllegalArgumentException(check.name() + ": " + check.type() + " is a push check, nothing to run");
        }
        Duration limit = check.timeout().plus(GRACE);
        long start = System.nanoTime();
        return Uni.createFrom().deferred(() -> probe.run(check))
                .ifNoItem().after(limit)
                .recoverWithItem(() -> ProbeResult.down(limit.toMillis(), "timed out after "
                        + Durations.format(check.timeout()), Map.of()))
                .onFailure().recoverWithItem(e -> ProbeResult.down((System.nanoTime() - start) / 1_000_000,
                        "probe failed: " + Failures.describe(e), Map.of()));
    }

    private Probe probeFor(CheckKind kind) {
        if (kind instanceof HttpCheck) {
            return http;
        }
        if (kind instanceof TcpCheck) {
            return tcp;
        }
        if (kind instanceof DatabaseCheck) {
            return database;
        }
        return null;
    }
}
