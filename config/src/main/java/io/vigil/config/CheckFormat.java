package io.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** One check object, as in the {@code checks:} section and the health-service API. */
final class CheckFormat {

    /** Keys every check has, whatever its type. */
    static final Set<String> COMMON_KEYS = Set.of("name", "type", "interval", "timeout", "retries", "labels",
            "severity");
    static final Map<String, Set<String>> KEYS_BY_TYPE = Map.of(
            HttpCheck.TYPE, Set.of("url", "method", "headers", "body", "expect", "verify-tls", "follow-redirects"),
            TcpCheck.TYPE, Set.of("address", "send", "expect"),
            "postgres", Set.of("url", "user", "password", "query"),
            "mysql", Set.of("url", "user", "password", "query"),
            HeartbeatCheck.TYPE, Set.of("period", "grace", "token"),
            HeartbeatCheck.DUPLICATI, Set.of("period", "grace", "token", "warnings"));
    static final String MASK = "******";

    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    private static final Pattern STATUS_CLASS = Pattern.compile("([1-5])xx");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*(:[^}]*)?}");

    private CheckFormat() {
    }

    static CheckConfig read(JsonNode node, String where, Fields fields) {
        Fields.requireObject(node, where);
        String name = fields.name(node, where);
        String at = Fields.named(where, name);
        String type = fields.requiredText(node, "type", at);
        Set<String> own = KEYS_BY_TYPE.get(type);
        if (own == null) {
            throw ConfigException.at(Fields.path(at, "type"), "'" + type + "' is not a check type (expected one of "
                    + String.join(", ", new TreeSet<>(KEYS_BY_TYPE.keySet())) + ")");
        }
        Set<String> allowed = new TreeSet<>(COMMON_KEYS);
        allowed.addAll(own);
        Fields.checkKeys(node, at, allowed, "unknown key for type " + type);
        Duration interval = fields.optionalDuration(node, "interval", at);
        Fields.atLeast(interval, CheckConfig.MIN_INTERVAL, Fields.path(at, "interval"));
        Duration timeout = Fields.positive(fields.optionalDuration(node, "timeout", at), Fields.path(at, "timeout"));
        int retries = node.hasNonNull("retries") ? fields.integer(node.get("retries"), Fields.path(at, "retries")) : 0;
        if (retries < 0 || retries > CheckConfig.MAX_RETRIES) {
            throw ConfigException.at(Fields.path(at, "retries"), "must be between 0 and " + CheckConfig.MAX_RETRIES);
        }
        Map<String, String> labels = fields.labelMap(node.get("labels"), Fields.path(at, "labels"));
        String severity = fields.optionalText(node, "severity", at);
        if (severity != null && !Fields.isSeverity(severity)) {
            throw ConfigException.at(Fields.path(at, "severity"), "'" + severity + "' is not warning or critical");
        }
        CheckKind kind = switch (type) {
            case HttpCheck.TYPE -> http(node, at, fields);
            case TcpCheck.TYPE -> tcp(node, at, fields);
            case "postgres" -> database(DatabaseCheck.Database.POSTGRES, node, at, fields);
            case "mysql" -> database(DatabaseCheck.Database.MYSQL, node, at, fields);
            default -> heartbeat(type.equals(HeartbeatCheck.DUPLICATI), node, at, fields);
        };
        return new CheckConfig(name, kind, interval, timeout, retries, labels, severity);
    }

    private static HttpCheck http(JsonNode node, String at, Fields fields) {
        String text = fields.requiredText(node, "url", at);
        URI url = httpUrl(text, Fields.path(at, "url"));
        String method = fields.optionalText(node, "method", at);
        if (method != null) {
            method = method.toUpperCase(Locale.ROOT);
            if (!HttpCheck.METHODS.contains(method)) {
                throw ConfigException.at(Fields.path(at, "method"), "'" + method + "' is not one of "
                        + String.join(", ", HttpCheck.METHODS));
            }
        }
        Map<String, String> headers = headers(node.get("headers"), Fields.path(at, "headers"), fields);
        String body = fields.optionalText(node, "body", at);
        HttpCheck.Expect expect = expect(node.get("expect"), Fields.path(at, "expect"), fields);
        boolean verify = bool(node, "verify-tls", at, true);
        boolean follow = bool(node, "follow-redirects", at, true);
        return new HttpCheck(method, url, headers, body, expect, verify, follow);
    }

    static URI httpUrl(String text, String where) {
        URI url;
        try {
            url = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw ConfigException.at(where, "not a URL: " + e.getReason());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ConfigException.at(where, "must be an http:// or https:// URL");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw ConfigException.at(where, "has no host");
        }
        if (url.getRawUserInfo() != null) {
            // It would end up in results and logs; credentials belong in headers.
            throw ConfigException.at(where, "must not carry user:password (use headers: {Authorization: ...})");
        }
        return url;
    }

    private static Map<String, String> headers(JsonNode node, String where, Fields fields) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        Fields.requireObject(node, where);
        Map<String, String> headers = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!HEADER_NAME.matcher(e.getKey()).matches()) {
                throw ConfigException.at(Fields.path(where, e.getKey()), "not an HTTP header name");
            }
            String value = fields.text(e.getValue(), Fields.path(where, e.getKey()));
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw ConfigException.at(Fields.path(where, e.getKey()), "must be one line");
            }
            headers.put(e.getKey(), value);
        }
        return headers;
    }

    private static HttpCheck.Expect expect(JsonNode node, String where, Fields fields) {
        if (node == null || node.isNull()) {
            return HttpCheck.Expect.DEFAULT;
        }
        Fields.requireObject(node, where);
        Fields.checkKeys(node, where, Set.of("status", "body-contains", "body-matches", "json-path", "max-latency"));
        List<HttpCheck.StatusRange> status = status(node.get("status"), Fields.path(where, "status"), fields);
        String contains = fields.optionalText(node, "body-contains", where);
        String matches = fields.optionalText(node, "body-matches", where);
        Pattern pattern = null;
        if (matches != null) {
            try {
                pattern = Pattern.compile(matches);
            } catch (PatternSyntaxException e) {
                throw ConfigException.at(Fields.path(where, "body-matches"), "not a regular expression: "
                        + e.getDescription());
            }
        }
        Map<String, String> jsonPath = jsonPath(node.get("json-path"), Fields.path(where, "json-path"), fields);
        Duration maxLatency = Fields.positive(fields.optionalDuration(node, "max-latency", where),
                Fields.path(where, "max-latency"));
        return new HttpCheck.Expect(status, contains, pattern, jsonPath, maxLatency);
    }

    private static List<HttpCheck.StatusRange> status(JsonNode node, String where, Fields fields) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        List<HttpCheck.StatusRange> ranges = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String at = node.isArray() ? Fields.index(where, i) : where;
            if (item.isIntegralNumber()) {
                int code = item.intValue();
                if (code < 100 || code > 599) {
                    throw ConfigException.at(at, code + " is not an HTTP status (100 to 599)");
                }
                ranges.add(new HttpCheck.StatusRange(code, code));
                continue;
            }
            String text = fields.text(item, at).trim().toLowerCase(Locale.ROOT);
            var m = STATUS_CLASS.matcher(text);
            if (m.matches()) {
                int c = Integer.parseInt(m.group(1)) * 100;
                ranges.add(new HttpCheck.StatusRange(c, c + 99));
            } else {
                try {
                    int code = Integer.parseInt(text);
                    if (code < 100 || code > 599) {
                        throw new NumberFormatException();
                    }
                    ranges.add(new HttpCheck.StatusRange(code, code));
                } catch (NumberFormatException e) {
                    throw ConfigException.at(at, "'" + text + "' is not an HTTP status (e.g. 200 or 2xx)");
                }
            }
        }
        if (ranges.isEmpty()) {
            throw ConfigException.at(where, "must list at least one status");
        }
        return ranges;
    }

    private static Map<String, String> jsonPath(JsonNode node, String where, Fields fields) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        Fields.requireObject(node, where);
        Map<String, String> conditions = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = where + "['" + e.getKey() + "']";
            try {
                JsonPath.parse(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw ConfigException.at(at, ex.getMessage());
            }
            JsonNode v = e.getValue();
            conditions.put(e.getKey(), v.isValueNode() && !v.isNull() ? fields.text(v, at) : "null");
        }
        return conditions;
    }

    private static TcpCheck tcp(JsonNode node, String at, Fields fields) {
        String address = fields.requiredText(node, "address", at);
        String where = Fields.path(at, "address");
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw ConfigException.at(where, "must be host:port, e.g. mail.example.org:25");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = port(address.substring(colon + 1), where);
        return new TcpCheck(host, port, fields.optionalText(node, "send", at), fields.optionalText(node, "expect", at));
    }

    private static int port(String text, String where) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ConfigException.at(where, "'" + text + "' is not a port (1 to 65535)");
    }

    private static DatabaseCheck database(DatabaseCheck.Database db, JsonNode node, String at, Fields fields) {
        String url = fields.requiredText(node, "url", at);
        String where = Fields.path(at, "url");
        String rest = null;
        for (String scheme : db.schemes()) {
            if (url.startsWith(scheme)) {
                rest = url.substring(scheme.length());
            }
        }
        if (rest == null) {
            throw ConfigException.at(where, "must start with " + String.join(" or ", db.schemes()));
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        int q = path.indexOf('?');
        String database = q < 0 ? path : path.substring(0, q);
        if (authority.contains("@") || (q >= 0 && path.substring(q).matches("(?i).*(password|user)=.*"))) {
            throw ConfigException.at(where, "must not carry credentials (use user: and password:)");
        }
        String host = authority;
        int port = db.defaultPort();
        int colon = authority.lastIndexOf(':');
        if (colon > 0 && !authority.endsWith("]")) {
            host = authority.substring(0, colon);
            port = port(authority.substring(colon + 1), where);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isBlank() || host.contains(",")) {
            throw ConfigException.at(where, "must name one host, e.g. " + db.schemes().get(0) + "db.internal:"
                    + db.defaultPort() + "/shop");
        }
        String user = fields.optionalText(node, "user", at);
        String password = fields.optionalText(node, "password", at);
        String query = fields.optionalText(node, "query", at);
        return new DatabaseCheck(db, url, host, port, database.isEmpty() ? null : database, user, password, query);
    }

    private static HeartbeatCheck heartbeat(boolean duplicati, JsonNode node, String at, Fields fields) {
        Duration period = fields.optionalDuration(node, "period", at);
        if (period == null) {
            throw ConfigException.at(Fields.path(at, "period"), "is required: how often the job reports, e.g. 24h");
        }
        Fields.atLeast(period, HeartbeatCheck.MIN_PERIOD, Fields.path(at, "period"));
        Duration grace = fields.optionalDuration(node, "grace", at);
        String token = fields.optionalText(node, "token", at);
        if (token != null && (token.length() < HeartbeatCheck.MIN_TOKEN_LENGTH || !token.matches("[A-Za-z0-9_-]+"))) {
            throw ConfigException.at(Fields.path(at, "token"), "must be at least " + HeartbeatCheck.MIN_TOKEN_LENGTH
                    + " letters, digits, '-' or '_' (leave it out and one is generated)");
        }
        boolean warningsDegrade = false;
        String warnings = fields.optionalText(node, "warnings", at);
        if (warnings != null) {
            if (!warnings.equals("up") && !warnings.equals("degraded")) {
                throw ConfigException.at(Fields.path(at, "warnings"), "'" + warnings + "' is not up or degraded");
            }
            warningsDegrade = warnings.equals("degraded");
        }
        return new HeartbeatCheck(duplicati, period, grace, token, warningsDegrade);
    }

    private static boolean bool(JsonNode node, String key, String at, boolean otherwise) {
        if (!node.hasNonNull(key)) {
            return otherwise;
        }
        JsonNode v = node.get(key);
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
            return Boolean.parseBoolean(v.asText());
        }
        throw ConfigException.at(Fields.path(at, key), "must be true or false");
    }

    /**
     * The check in the shape {@link #read} takes. With {@code masked}, secrets (password, header
     * values, heartbeat token) are replaced by {@value #MASK}, except {@code ${VAR}} references,
     * which name a variable and hold no secret.
     */
    static ObjectNode write(CheckConfig check, boolean masked) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", check.name());
        node.put("type", check.type());
        node.put("interval", Durations.format(check.interval()));
        node.put("timeout", Durations.format(check.timeout()));
        if (check.retries() > 0) {
            node.put("retries", check.retries());
        }
        if (!check.labels().isEmpty()) {
            ObjectNode labels = node.putObject("labels");
            check.labels().forEach(labels::put);
        }
        if (check.severity() != null) {
            node.put("severity", check.severity());
        }
        CheckKind kind = check.kind();
        if (kind instanceof HttpCheck h) {
            node.put("url", h.url().toString());
            node.put("method", h.method());
            if (!h.headers().isEmpty()) {
                ObjectNode headers = node.putObject("headers");
                h.headers().forEach((k, v) -> headers.put(k, secret(v, masked)));
            }
            if (h.body() != null) {
                node.put("body", h.body());
            }
            node.set("expect", writeExpect(h.expect()));
            node.put("verify-tls", h.verifyTls());
            node.put("follow-redirects", h.followRedirects());
        } else if (kind instanceof TcpCheck t) {
            node.put("address", (t.host().contains(":") ? "[" + t.host() + "]" : t.host()) + ":" + t.port());
            if (t.send() != null) {
                node.put("send", t.send());
            }
            if (t.expect() != null) {
                node.put("expect", t.expect());
            }
        } else if (kind instanceof DatabaseCheck d) {
            node.put("url", d.url());
            if (d.user() != null) {
                node.put("user", d.user());
            }
            if (d.password() != null) {
                node.put("password", secret(d.password(), masked));
            }
            node.put("query", d.query());
        } else if (kind instanceof HeartbeatCheck b) {
            node.put("period", Durations.format(b.period()));
            node.put("grace", Durations.format(b.grace()));
            if (b.token() != null) {
                node.put("token", secret(b.token(), masked));
            }
            if (b.duplicati()) {
                node.put("warnings", b.warningsDegrade() ? "degraded" : "up");
            }
        }
        return node;
    }

    private static ObjectNode writeExpect(HttpCheck.Expect e) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ArrayNode status = node.putArray("status");
        for (HttpCheck.StatusRange r : e.status()) {
            if (r.from() == r.to()) {
                status.add(r.from());
            } else {
                status.add(r.toString());
            }
        }
        if (e.bodyContains() != null) {
            node.put("body-contains", e.bodyContains());
        }
        if (e.bodyMatches() != null) {
            node.put("body-matches", e.bodyMatches().pattern());
        }
        if (!e.jsonPath().isEmpty()) {
            ObjectNode jp = node.putObject("json-path");
            e.jsonPath().forEach(jp::put);
        }
        if (e.maxLatency() != null) {
            node.put("max-latency", Durations.format(e.maxLatency()));
        }
        return node;
    }

    private static String secret(String value, boolean masked) {
        return !masked || VARIABLE.matcher(value).matches() ? value : MASK;
    }
}
