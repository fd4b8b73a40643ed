package io.vigil.health.probe;

import io.vertx.core.Future;
import io.vigil.config.CheckConfig;
import io.vigil.config.CheckKind;
import io.vigil.health.guard.Resolver;
import io.vigil.health.guard.TargetGuard;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Names the probe tests resolve without DNS, guards built on them, and checks to run. */
final class TestTargets {

    /** A local test server's name: its certificate is made for it. */
    static final String LOCAL_NAME = "probe.test";
    /** Another name of the same local server, which its certificate does not cover. */
    static final String OTHER_NAME = "other.test";
    /** A name that resolves to the cloud metadata address, as an attacker's DNS would answer. */
    static final String METADATA_NAME = "metadata.test";

    static final Resolver RESOLVER = host -> {
        Map<String, String> names = Map.of(LOCAL_NAME, "127.0.0.1", OTHER_NAME, "127.0.0.1", METADATA_NAME, "169.254.169.254");
        String ip = names.get(host);
        if (ip == null) {
            return Future.failedFuture(new UnknownHostException(host + ": Name or service not known"));
        }
        try {
            return Future.succeededFuture(List.of(InetAddress.getByName(ip)));
        } catch (UnknownHostException e) {
            return Future.failedFuture(e);
        }
    };

    private TestTargets() {
    }

    /** Loopback allowed: the test servers listen on 127.0.0.1. */
    static TargetGuard lenientGuard() {
        return new TargetGuard(true, RESOLVER);
    }

    /** The default policy: loopback and private ranges refused. */
    static TargetGuard strictGuard() {
        return new TargetGuard(false, RESOLVER);
    }

    static CheckConfig check(CheckKind kind, Duration timeout) {
        return new CheckConfig("test-check", kind, null, timeout, 0, Map.of(), null);
    }
}
