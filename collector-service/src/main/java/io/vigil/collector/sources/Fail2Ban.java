package io.vigil.collector.sources;

import io.quarkus.logging.Log;
import io.vigil.events.MetricSample;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Fail2Ban's ban counts per jail, where {@code fail2ban-client} is on the PATH:
 * {@value #BANNED}{@code {jail}} (banned now) and {@value #BANNED_TOTAL}{@code {jail}} (banned since
 * fail2ban started; it resets when fail2ban restarts, as counters may).
 *
 * <p>{@code fail2ban-client} talks to the server over a socket and can hang, and it costs a Python
 * start-up per call, so it never runs on the tick: {@link #sample()} starts a refresh in the
 * background at most once every {@link #REFRESH} and returns the values of the last refresh that
 * finished. Each call of the client is killed after {@link #TIMEOUT}. A failed refresh (fail2ban
 * stopped, no permission on its socket: the collector must run as root or in fail2ban's group)
 * drops the values, so that no stale count passes for a current one; it is logged when it starts
 * failing and when it recovers. Without the client there are no samples, logged once.
 */
public final class Fail2Ban implements AutoCloseable {

    public static final String BANNED = "host_fail2ban_banned";
    public static final String BANNED_TOTAL = "host_fail2ban_banned_total";
    public static final String JAIL = "jail";
    public static final Duration REFRESH = Duration.ofSeconds(60);
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Optional<Path> client;
    private final CommandRunner runner;
    private final java.util.concurrent.Executor background;
    private final LongSupplier nanoTime;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile List<MetricSample> last = List.of();
    private volatile boolean failing;
    private boolean started;
    private long lastStartNanos;
    private boolean absenceLogged;

    /**
     * @param client the {@code fail2ban-client} executable, empty where there is none
     * @param background where refreshes run; never the tick's thread in production
     * @param nanoTime a monotonic clock such as {@link System#nanoTime()}
     */
    public Fail2Ban(Optional<Path> client, CommandRunner runner, java.util.concurrent.Executor background,
            LongSupplier nanoTime) {
        this.client = client;
        this.runner = runner;
        this.background = background;
        this.nanoTime = nanoTime;
    }

    /** Fail2Ban on this host, refreshed on a daemon thread of its own that {@link #close()} stops. */
    public static Fail2Ban forThisHost() {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vigil-fail2ban");
            t.setDaemon(true);
            return t;
        });
        return new Fail2Ban(onPath("fail2ban-client", System.getenv("PATH")), new ProcessCommandRunner(), thread,
                System::nanoTime);
    }

    /** The first executable file called {@code name} in the directories of {@code path}. */
    static Optional<Path> onPath(String name, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The counts of the last finished refresh; starts a refresh when one is due. Never waits for one. */
    public List<MetricSample> sample() {
        if (client.isEmpty()) {
            if (!absenceLogged) {
                absenceLogged = true;
                Log.info("fail2ban off reason=no-fail2ban-client-on-path");
            }
            return List.of();
        }
        long now = nanoTime.getAsLong();
        boolean due = !started || now - lastStartNanos >= REFRESH.toNanos();
        if (due && refreshing.compareAndSet(false, true)) {
            started = true;
            lastStartNanos = now;
            try {
                background.execute(this::refresh);
            } catch (RejectedExecutionException e) {
                refreshing.set(false); // closed: nothing more to refresh
            }
        }
        return last;
    }

    private void refresh() {
        String executable = client.orElseThrow().toString();
        try {
            List<MetricSample> samples = new ArrayList<>();
            for (String jail : Fail2BanStatus.jails(runner.run(List.of(executable, "status"), TIMEOUT))) {
                Fail2BanStatus.JailCounts counts =
                        Fail2BanStatus.jail(jail, runner.run(List.of(executable, "status", jail), TIMEOUT));
                Map<String, String> labels = Map.of(JAIL, jail);
                samples.add(new MetricSample(BANNED, labels, counts.currentlyBanned()));
                samples.add(new MetricSample(BANNED_TOTAL, labels, counts.totalBanned()));
            }
            last = List.copyOf(samples);
            if (failing) {
                failing = false;
                Log.infof("fail2ban recovered jails=%d", samples.size() / 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            last = List.of();
            if (!failing) {
                failing = true;
                Log.warnf("fail2ban failed client=%s reason=%s", executable, e.getMessage());
            }
        } finally {
            refreshing.set(false);
        }
    }

    /** Shuts the background executor down when it is an {@link ExecutorService}, interrupting a refresh. */
    @Override
    public void close() {
        if (background instanceof ExecutorService executor) {
            executor.shutdownNow();
        }
    }
}
