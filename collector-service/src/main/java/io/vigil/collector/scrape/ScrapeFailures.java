package io.vigil.collector.scrape;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The fixed reason words of a failed scrape. They become a label value ({@code scrape_error{reason}}),
 * so the set is small and stable; the exact message goes to the log only.
 */
public final class ScrapeFailures {

    public static final String TIMEOUT = "timeout";
    public static final String REFUSED = "refused";
    public static final String UNRESOLVED = "unresolved";
    public static final String UNREACHABLE = "unreachable";
    public static final String TLS = "tls";
    public static final String CLOSED = "closed";
    public static final String PARSE = "parse";
    /** The page passed the target's {@code body-size-limit}; it was not read to the end. */
    public static final String BODY_TOO_LARGE = "body_too_large";
    public static final String ERROR = "error";

    private ScrapeFailures() {
    }

    /** {@code http_503}: the status is worth telling apart (503 is "starting", 401 a wrong token). */
    public static String http(int status) {
        return "http_" + status;
    }

    /** The reason word for a failure of the request itself. */
    public static String reason(Throwable failure) {
        if (find(failure, TimeoutException.class) != null || find(failure, ConnectTimeoutException.class) != null) {
            return TIMEOUT;
        }
        if (find(failure, UnknownHostException.class) != null) {
            return UNRESOLVED;
        }
        if (find(failure, SSLException.class) != null) {
            return TLS;
        }
        if (find(failure, NoRouteToHostException.class) != null) {
            return UNREACHABLE;
        }
        ConnectException connect = find(failure, ConnectException.class);
        if (connect != null) {
            String m = String.valueOf(connect.getMessage()).toLowerCase(Locale.ROOT);
            return m.contains("no route") || m.contains("unreachable") ? UNREACHABLE : REFUSED;
        }
        if (find(failure, HttpClosedException.class) != null || find(failure, ClosedChannelException.class) != null) {
            return CLOSED;
        }
        return ERROR;
    }

    /** One line for the log. */
    public static String detail(Throwable failure) {
        String m = failure.getMessage();
        if (m == null || m.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
