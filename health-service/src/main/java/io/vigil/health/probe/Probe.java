package io.vigil.health.probe;

import io.smallrye.mutiny.Uni;
import io.vigil.config.CheckConfig;

/**
 * Runs one check of one kind, once, without blocking a thread while it waits. The returned Uni
 * never fails: a refused target, a timeout or a broken answer is a DOWN (or DEGRADED)
 * {@link ProbeResult} saying what went wrong, never with a credential in it.
 */
public interface Probe {

    Uni<ProbeResult> run(CheckConfig check);
}
