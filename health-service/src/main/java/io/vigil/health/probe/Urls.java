package io.vigil.health.probe;

import java.net.URI;

/** URLs as they may appear in results and logs: no user-info, query values masked. */
final class Urls {

    private Urls() {
    }

    static String redact(URI url) {
        StringBuilder sb = new StringBuilder();
        sb.append(url.getScheme()).append("://").append(url.getHost());
        if (url.getPort() >= 0) {
            sb.append(':').append(url.getPort());
        }
        sb.append(url.getRawPath() == null ? "" : url.getRawPath());
        String query = url.getRawQuery();
        if (query != null && !query.isEmpty()) {
            // Query values are often tokens; the names say enough to find the redirect.
            sb.append('?');
            String[] pairs = query.split("&");
            for (int i = 0; i < pairs.length; i++) {
                int eq = pairs[i].indexOf('=');
                sb.append(i > 0 ? "&" : "").append(eq < 0 ? "***" : pairs[i].substring(0, eq) + "=***");
            }
        }
        return sb.toString();
    }
}
