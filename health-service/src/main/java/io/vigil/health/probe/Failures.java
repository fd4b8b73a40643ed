package io.vigil.health.probe;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.HttpClosedException;
import io.vigil.support.net.TargetRefusedException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Short, user-facing descriptions of why a connection failed ({@code connection refused}, ...). */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable failure) {
        Throwable t = failure;
        if (t instanceof TargetRefusedException) {
            return t.getMessage();
        }
        if (t instanceof UnknownHostException) {
            return "cannot resolve " + t.getMessage();
        }
        SSLException tls = find(t, SSLException.class);
        if (tls != null) {
            return "TLS handshake failed: " + rootMessage(tls);
        }
        if (t instanceof ConnectTimeoutException || t instanceof TimeoutException) {
            return "connect timed out";
        }
        if (t instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (t instanceof ConnectException) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("refused")) {
                return "connection refused";
            }
            if (m.contains("no route")) {
                return "no route to host";
            }
            if (m.contains("unreachable")) {
                return "network unreachable";
            }
            return "cannot connect: " + firstLine(t.getMessage());
        }
        if (t instanceof HttpClosedException || t instanceof ClosedChannelException) {
            return "connection closed by the server";
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : firstLine(m);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /** The innermost message: for TLS the useful part ("unable to find valid certification path"). */
    private static String rootMessage(Throwable t) {
        String message = t.getMessage();
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                message = c.getMessage();
            }
        }
        return message == null ? t.getClass().getSimpleName() : firstLine(message);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
