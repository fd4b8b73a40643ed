package io.vigil.collector.process;

/**
 * What one running process looks like at one instant, as {@code /proc/<pid>/stat} tells it.
 *
 * @param startMillis when it started, in milliseconds since boot (the scale of
 *     {@link ProcessTable#uptimeMillis()}); with the PID, what tells one process from a later one
 *     that reuses its PID
 * @param cpuMillis CPU time it has used so far, user and system, all its threads together
 * @param residentBytes its resident set size
 */
public record ProcessStat(long startMillis, long cpuMillis, long residentBytes) {
}
