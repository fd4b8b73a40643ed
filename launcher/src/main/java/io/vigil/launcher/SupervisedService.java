package io.vigil.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A service the launcher keeps running as an orchestrator would: once it has been ready, a process
 * that exits, or whose liveness probe keeps failing for the grace period, is stopped and started
 * again after a back-off ({@link RestartBackoff}). Everything else keeps running meanwhile. Its
 * {@link #exited()} completes only when the launcher stops it, so the supervisor never mistakes a
 * restart for the end of the run.
 */
public final class SupervisedService implements Managed {

    /** How often a ready service's liveness is probed. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);

    private final String name;
    private final int port;
    private final Path log;
    private final Supplier<ChildProcess> launcher;
    private final Function<ChildProcess, Optional<String>> awaitReady;
    private final Supplier<String> probeLive;
    private final Duration probeInterval;
    private final Duration grace;
    private final RestartBackoff backoff;
    private final Console console;
    private final PidFiles pidFiles;

    private final Object lock = new Object();
    private ChildProcess current; // guarded by lock
    private boolean stopping; // guarded by lock
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile Thread watcher;

    /**
     * @param launcher starts one process of the service
     * @param awaitReady waits for a process to be ready: empty when it is, else why not
     * @param probeLive one liveness probe: empty when live, else what failed ("HTTP 503", "no answer")
     * @param pidFiles where each process's pid is recorded; may be null
     */
    public SupervisedService(String name, int port, Path log, Supplier<ChildProcess> launcher,
            Function<ChildProcess, Optional<String>> awaitReady, Supplier<String> probeLive, Duration probeInterval,
            Duration grace, RestartBackoff backoff, Console console, PidFiles pidFiles) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.launcher = launcher;
        this.awaitReady = awaitReady;
        this.probeLive = probeLive;
        this.probeInterval = probeInterval;
        this.grace = grace;
        this.backoff = backoff;
        this.console = console;
        this.pidFiles = pidFiles;
    }

    /** The launcher's service: its jar as a child JVM, ready on {@code /q/health/ready}, live on {@code /q/health/live}. */
    public static SupervisedService of(ServiceSpec spec, VigilHome home, Duration readyTimeout, Duration grace,
            Console console, PidFiles pidFiles) {
        Path log = home.log(spec.name());
        return new SupervisedService(spec.name(), spec.port(), log,
                () -> ChildProcess.start(spec.name(), spec.command(), spec.env(), spec.workDir(), log),
                p -> Readiness.await(p, spec.healthUrl(), readyTimeout),
                () -> Readiness.probe(spec.liveUrl()),
                PROBE_INTERVAL, grace, new RestartBackoff(), console, pidFiles);
    }

    /** Starts the first process; then {@link #awaitReady()} and, once the whole run is up, {@link #watch()}. */
    public void start() {
        if (launch() == null) {
            throw new LauncherException(name + " was stopped before it started");
        }
    }

    /** Waits for the current process to be ready: empty when it is, else why not. */
    public Optional<String> awaitReady() {
        ChildProcess p = current();
        return p == null ? Optional.of("stopped") : awaitReady.apply(p);
    }

    /** From now on, restarts the service whenever it dies or stays not live. */
    public void watch() {
        backoff.ready(System.nanoTime());
        Thread t = new Thread(this::watchLoop, "watch-" + name);
        t.setDaemon(true);
        watcher = t;
        t.start();
    }

    private void watchLoop() {
        try {
            String failure = watchUntilFailure(current());
            while (failure != null) {
                failure = restartAfter(failure);
            }
        } catch (RuntimeException e) {
            // A bug here must not pass silently: the service would stay down with nobody noticing.
            console.fail("supervising " + name + " failed (" + e + "); it is no longer restarted");
        }
    }

    /** Backs off, starts a new process and waits for it: null when it is ready again (or we are stopping), else the new failure. */
    private String restartAfter(String failure) {
        Duration delay = backoff.failed(System.nanoTime());
        console.fail(name + " " + failure + "; restarting in " + seconds(delay) + " (restart " + backoff.restarts() + ")");
        appendToLog("vigil: " + name + " " + failure + "; restart " + backoff.restarts() + " in " + seconds(delay));
        if (pause(delay)) {
            return null;
        }
        long t = System.nanoTime();
        ChildProcess p;
        try {
            p = launch();
        } catch (LauncherException e) {
            return "could not be started (" + e.getMessage() + ")";
        }
        if (p == null) {
            return null;
        }
        Optional<String> problem = awaitReady.apply(p);
        if (isStopping()) {
            return null;
        }
        if (problem.isPresent()) {
            p.stop();
            return problem.get();
        }
        backoff.ready(System.nanoTime());
        console.ok(name + " ready again on " + port, t);
        return watchUntilFailure(p);
    }

    /** Watches a ready process; null when the launcher stops it, else why it must be restarted. */
    private String watchUntilFailure(ChildProcess p) {
        if (p == null) {
            return null;
        }
        Liveness liveness = new Liveness(grace);
        while (true) {
            if (p.waitForExit(probeInterval)) {
                return isStopping() ? null : "exited (exit " + p.exitValue() + ")";
            }
            if (isStopping()) {
                return null;
            }
            if (liveness.observe(probeLive.get(), System.nanoTime()) == Liveness.Verdict.DEAD) {
                if (isStopping()) {
                    return null;
                }
                p.stop(); // a hung JVM may ignore SIGTERM; stop() follows with SIGKILL after its grace
                return "not live for " + seconds(grace) + " (last: " + liveness.lastProblem() + ")";
            }
        }
    }

    /** Starts a process unless the launcher is stopping; under the lock, so stop() never misses one. */
    private ChildProcess launch() {
        synchronized (lock) {
            if (stopping) {
                return null;
            }
            current = launcher.get();
            if (pidFiles != null) {
                current.processes().stream().findFirst().ifPresent(h -> pidFiles.remember(name, h));
            }
            return current;
        }
    }

    /** Sleeps for the back-off; true when the launcher asked to stop meanwhile. */
    private boolean pause(Duration delay) {
        try {
            return stopRequested.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private ChildProcess current() {
        synchronized (lock) {
            return current;
        }
    }

    private boolean isStopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    private void appendToLog(String line) {
        try {
            Files.writeString(log, "\n=== " + Instant.now() + " " + line + " ===\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the console line says the same
        }
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : Console.seconds(d.toNanos());
    }

    public Path log() {
        return log;
    }

    public int port() {
        return port;
    }

    /** Restarts so far in this run. */
    public int restarts() {
        return backoff.restarts();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletableFuture<?> exited() {
        return stopped;
    }

    @Override
    public List<ProcessHandle> processes() {
        ChildProcess p = current();
        return p == null ? List.of() : p.processes();
    }

    @Override
    public boolean needsPidFile() {
        return false; // each launch records its own process
    }

    @Override
    public void stop() {
        ChildProcess p;
        synchronized (lock) {
            stopping = true;
            p = current;
        }
        stopRequested.countDown();
        if (p != null) {
            p.stop();
        }
        Thread t = watcher;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(ChildProcess.GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopped.complete(null);
    }
}
