package io.vigil.domain.tls;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.config.DomainConfig;
import io.vigil.domain.check.TlsReport;
import io.vigil.domain.config.DomainSettings;
import io.vigil.support.net.TargetPolicy;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The TLS half of a domain run: looks at each of a domain's TLS endpoints (or PEM files) and judges
 * the certificates found, one {@link TlsReport} per entry. JDK sockets block, so the looks run on a
 * pool of {@code domain.tls.max-concurrent} threads of its own, never on an event loop; a domain's
 * endpoints are looked at in parallel, within that bound.
 */
@ApplicationScoped
public class TlsChecker {

    private final EndpointProbe probe;
    private final CertificateJudge judge;
    private final Clock clock;
    private final ExecutorService workers;

    /** @param clock the service's clock (config.DomainBeans), which days left are counted with */
    @Inject
    public TlsChecker(DomainSettings settings, Clock clock) {
        this(settings.allowPrivateTargets(), settings.tls().warningDays(), settings.tls().criticalDays(),
                settings.tls().timeout(), settings.tls().maxConcurrent(), clock);
    }

    /**
     * @param allowPrivateTargets whether endpoints may be loopback or private addresses
     * @param warningDays a chain expiring within this many days is WARN
     * @param criticalDays ... and within this many, FAIL
     * @param timeout connect + STARTTLS + handshake, per endpoint
     * @param maxConcurrent endpoints looked at at once
     */
    public TlsChecker(boolean allowPrivateTargets, int warningDays, int criticalDays, Duration timeout,
            int maxConcurrent, Clock clock) {
        this.probe = new EndpointProbe(new TargetPolicy(allowPrivateTargets, DomainSettings.ALLOW_PRIVATE_SETTING),
                timeout);
        this.judge = new CertificateJudge(warningDays, criticalDays);
        this.clock = clock;
        this.workers = new ThreadPoolExecutor(maxConcurrent, maxConcurrent, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), daemonThreads());
    }

    /**
     * One report per {@code domain.tls()} entry, in order. Never fails: an endpoint that cannot be
     * reached, and even a bug here, is an {@code unreachable} finding of that endpoint.
     */
    public Uni<List<TlsReport>> check(DomainConfig domain) {
        List<DomainConfig.Tls> entries = domain.tls();
        if (entries.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<TlsReport>> reports = new ArrayList<>();
        for (DomainConfig.Tls tls : entries) {
            reports.add(Uni.createFrom().item(() -> checkOne(domain.name(), tls))
                    .runSubscriptionOn(workers)
                    .onFailure().recoverWithItem(e -> failed(domain.name(), tls, e)));
        }
        return Uni.join().all(reports).andCollectFailures();
    }

    private TlsReport checkOne(String domain, DomainConfig.Tls tls) {
        String name = tls.file() != null ? tls.serverName() : (tls.serverName() != null ? tls.serverName() : tls.host());
        try {
            Handshake seen = tls.file() != null ? read(tls.file()) : probe.look(tls);
            TrustAnchors trust = tls.caBundle() == null ? TrustAnchors.jdk() : TrustAnchors.bundle(Path.of(tls.caBundle()));
            TlsReport report = judge.judge(tls.subject(), seen, name, trust, clock.instant());
            Log.debugf("tls checked domain=%s subject=%s code=%s", domain, tls.subject(), report.observation().code());
            return report;
        } catch (Unreachable e) {
            Log.debugf("tls unreachable domain=%s subject=%s step=%s reason=%s", domain, tls.subject(), e.step(),
                    e.getMessage());
            return CertificateJudge.unreachable(tls.subject(), e, name);
        }
    }

    private static Handshake read(String file) throws Unreachable {
        try {
            return Handshake.ofFile(PemCertificates.read(Path.of(file)));
        } catch (IOException | RuntimeException e) {
            throw new Unreachable("read", null, "cannot read the certificate file " + file + ": " + e.getMessage());
        }
    }

    private static TlsReport failed(String domain, DomainConfig.Tls tls, Throwable e) {
        Log.warnf(e, "tls check failed domain=%s subject=%s", domain, tls.subject());
        return CertificateJudge.unreachable(tls.subject(),
                new Unreachable("check", null, "the TLS check itself failed: " + e), tls.serverName());
    }

    /** Stops the worker threads; looks in progress end with their sockets' timeouts. */
    @PreDestroy
    public void close() {
        workers.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "vigil-tls-" + n.incrementAndGet());
            t.setDaemon(true); // a look stuck in a socket read must not keep the JVM up
            return t;
        };
    }
}
