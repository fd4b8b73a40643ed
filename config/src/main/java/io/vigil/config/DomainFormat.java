package io.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** One domain object, as in the {@code domains:} section and the domain-service API. */
final class DomainFormat {

    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.?");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private DomainFormat() {
    }

    static DomainConfig read(JsonNode node, String where, Fields fields) {
        Fields.requireObject(node, where);
        String name = fields.requiredText(node, "name", where);
        String at = Fields.named(where, name);
        if (!DOMAIN.matcher(name).matches()) {
            throw ConfigException.at(Fields.path(at, "name"), "'" + name + "' is not a domain name");
        }
        Fields.checkKeys(node, at, Set.of("name", "interval", "labels", "dns", "tls", "ddns"));
        Duration interval = fields.optionalDuration(node, "interval", at);
        Fields.atLeast(interval, DomainConfig.MIN_INTERVAL, Fields.path(at, "interval"));
        Map<String, String> labels = fields.labelMap(node.get("labels"), Fields.path(at, "labels"));
        DomainConfig.Dns dns = node.hasNonNull("dns") ? dns(node.get("dns"), Fields.path(at, "dns"), fields) : null;
        List<DomainConfig.Tls> tls = tls(node.get("tls"), Fields.path(at, "tls"), fields);
        DomainConfig.Ddns ddns = node.hasNonNull("ddns") ? ddns(node.get("ddns"), Fields.path(at, "ddns"), fields) : null;
        if (dns == null && tls.isEmpty() && ddns == null) {
            throw ConfigException.at(at, "has nothing to check: give dns, tls or ddns");
        }
        return new DomainConfig(name, interval, labels, dns, tls, ddns);
    }

    private static DomainConfig.Dns dns(JsonNode node, String where, Fields fields) {
        Fields.requireObject(node, where);
        Fields.checkKeys(node, where, Set.of("resolvers", "expect", "timeout"));
        List<DomainConfig.Resolver> resolvers = new ArrayList<>();
        JsonNode list = Fields.list(node.get("resolvers"), Fields.path(where, "resolvers"), "resolvers");
        for (int i = 0; i < list.size(); i++) {
            resolvers.add(resolver(fields.text(list.get(i), Fields.index(Fields.path(where, "resolvers"), i)),
                    Fields.index(Fields.path(where, "resolvers"), i)));
        }
        Map<String, List<DomainConfig.Expected>> expect = new LinkedHashMap<>();
        JsonNode e = node.get("expect");
        if (e != null && !e.isNull()) {
            String at = Fields.path(where, "expect");
            Fields.requireObject(e, at);
            Iterator<Map.Entry<String, JsonNode>> it = e.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> entry = it.next();
                String type = entry.getKey().toUpperCase(Locale.ROOT);
                String typeAt = Fields.path(at, entry.getKey());
                if (!DomainConfig.RECORD_TYPES.contains(type)) {
                    throw ConfigException.at(typeAt, "not a record type (expected one of "
                            + String.join(", ", DomainConfig.RECORD_TYPES) + ")");
                }
                expect.put(type, expected(type, entry.getValue(), typeAt, fields));
            }
        }
        Duration timeout = Fields.positive(fields.optionalDuration(node, "timeout", where), Fields.path(where, "timeout"));
        return new DomainConfig.Dns(resolvers, expect, timeout);
    }

    static DomainConfig.Resolver resolver(String text, String where) {
        String t = text.trim();
        if (t.equalsIgnoreCase("system")) {
            return DomainConfig.Resolver.SYSTEM;
        }
        if (t.equalsIgnoreCase("authoritative")) {
            return DomainConfig.Resolver.AUTHORITATIVE;
        }
        String host = t;
        int port = 53;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw ConfigException.at(where, "'" + t + "': '[' without ']'");
            }
            host = t.substring(1, close);
            if (close + 1 < t.length()) {
                if (t.charAt(close + 1) != ':') {
                    throw ConfigException.at(where, "'" + t + "' is not [ipv6]:port");
                }
                port = port(t.substring(close + 2), where);
            }
        } else if (t.indexOf(':') == t.lastIndexOf(':') && t.indexOf(':') > 0) {
            host = t.substring(0, t.indexOf(':'));
            port = port(t.substring(t.indexOf(':') + 1), where);
        }
        if (!isIpv4(host) && !(host.contains(":") && IPV6.matcher(host).matches())) {
            throw ConfigException.at(where, "'" + t + "' is not system, authoritative or an IP address with an"
                    + " optional port (1.1.1.1, 9.9.9.9:53, [2606:4700::1111]:53)");
        }
        return new DomainConfig.Resolver(DomainConfig.Resolver.Kind.ADDRESS, host, port);
    }

    private static List<DomainConfig.Expected> expected(String type, JsonNode node, String where, Fields fields) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        if (items.isEmpty()) {
            throw ConfigException.at(where, "must list at least one value");
        }
        List<DomainConfig.Expected> values = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String at = node.isArray() ? Fields.index(where, i) : where;
            if (item.isObject()) {
                Fields.checkKeys(item, at, Set.of("regex"));
                String regex = fields.requiredText(item, "regex", at);
                try {
                    values.add(new DomainConfig.Expected(null, Pattern.compile(regex)));
                } catch (PatternSyntaxException e) {
                    throw ConfigException.at(Fields.path(at, "regex"), "not a regular expression: " + e.getDescription());
                }
                continue;
            }
            String value = fields.text(item, at).trim();
            check(type, value, at);
            values.add(new DomainConfig.Expected(value, null));
        }
        return values;
    }

    /** The exact values of the address types must be addresses: a typo there could never match. */
    private static void check(String type, String value, String where) {
        if (type.equals("A") && !isIpv4(value)) {
            throw ConfigException.at(where, "'" + value + "' is not an IPv4 address");
        }
        if (type.equals("AAAA") && !(value.contains(":") && IPV6.matcher(value).matches())) {
            throw ConfigException.at(where, "'" + value + "' is not an IPv6 address");
        }
        if (type.equals("MX") && !value.matches("\\d{1,5}\\s+\\S+")) {
            throw ConfigException.at(where, "'" + value + "' is not 'preference host', e.g. \"10 mail.example.org.\"");
        }
    }

    private static List<DomainConfig.Tls> tls(JsonNode node, String where, Fields fields) {
        JsonNode list = Fields.list(node, where, "TLS endpoints or files");
        List<DomainConfig.Tls> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = Fields.index(where, i);
            JsonNode t = list.get(i);
            Fields.requireObject(t, at);
            Fields.checkKeys(t, at, Set.of("endpoint", "server-name", "starttls", "file", "ca-bundle"));
            String endpoint = fields.optionalText(t, "endpoint", at);
            String file = fields.optionalText(t, "file", at);
            if ((endpoint == null) == (file == null)) {
                throw ConfigException.at(at, "give either endpoint (host:port) or file (a PEM certificate on disk)");
            }
            String serverName = fields.optionalText(t, "server-name", at);
            if (serverName != null && !DOMAIN.matcher(serverName).matches()) {
                throw ConfigException.at(Fields.path(at, "server-name"), "'" + serverName + "' is not a host name");
            }
            String starttls = fields.optionalText(t, "starttls", at);
            if (starttls != null && !DomainConfig.Tls.STARTTLS.contains(starttls)) {
                throw ConfigException.at(Fields.path(at, "starttls"), "'" + starttls + "' is not one of "
                        + String.join(", ", DomainConfig.Tls.STARTTLS));
            }
            String caBundle = fields.optionalText(t, "ca-bundle", at);
            if (file != null) {
                if (serverName != null || starttls != null) {
                    throw ConfigException.at(at, "server-name and starttls belong to an endpoint, not a file");
                }
                out.add(new DomainConfig.Tls(null, 0, null, null, file, caBundle));
                continue;
            }
            String epAt = Fields.path(at, "endpoint");
            int colon = endpoint.lastIndexOf(':');
            if (colon <= 0 || colon == endpoint.length() - 1) {
                throw ConfigException.at(epAt, "must be host:port, e.g. example.org:443");
            }
            String host = endpoint.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            out.add(new DomainConfig.Tls(host, port(endpoint.substring(colon + 1), epAt), serverName, starttls, null,
                    caBundle));
        }
        return out;
    }

    private static DomainConfig.Ddns ddns(JsonNode node, String where, Fields fields) {
        Fields.requireObject(node, where);
        Fields.checkKeys(node, where, Set.of("address-source"));
        String source = fields.requiredText(node, "address-source", where);
        String at = Fields.path(where, "address-source");
        if (source.startsWith("interface:")) {
            String name = source.substring("interface:".length());
            if (name.isBlank()) {
                throw ConfigException.at(at, "names no interface (interface:eth0)");
            }
            return new DomainConfig.Ddns(null, name);
        }
        URI url = CheckFormat.httpUrl(source, at);
        return new DomainConfig.Ddns(url, null);
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

    private static boolean isIpv4(String text) {
        var m = IPV4.matcher(text);
        if (!m.matches()) {
            return false;
        }
        for (int g = 1; g <= 4; g++) {
            if (Integer.parseInt(m.group(g)) > 255) {
                return false;
            }
        }
        return true;
    }

    /** The domain in the shape {@link #read} takes. */
    static ObjectNode write(DomainConfig d) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", d.name());
        node.put("interval", Durations.format(d.interval()));
        if (!d.labels().isEmpty()) {
            ObjectNode labels = node.putObject("labels");
            d.labels().forEach(labels::put);
        }
        if (d.dns() != null) {
            ObjectNode dns = node.putObject("dns");
            ArrayNode resolvers = dns.putArray("resolvers");
            d.dns().resolvers().forEach(r -> resolvers.add(r.toString()));
            if (!d.dns().expect().isEmpty()) {
                ObjectNode expect = dns.putObject("expect");
                d.dns().expect().forEach((type, values) -> {
                    ArrayNode list = expect.putArray(type);
                    for (DomainConfig.Expected v : values) {
                        if (v.regex() != null) {
                            list.addObject().put("regex", v.regex().pattern());
                        } else {
                            list.add(v.exact());
                        }
                    }
                });
            }
            dns.put("timeout", Durations.format(d.dns().timeout()));
        }
        if (!d.tls().isEmpty()) {
            ArrayNode tls = node.putArray("tls");
            for (DomainConfig.Tls t : d.tls()) {
                ObjectNode o = tls.addObject();
                if (t.file() != null) {
                    o.put("file", t.file());
                } else {
                    o.put("endpoint", t.subject());
                }
                if (t.serverName() != null) {
                    o.put("server-name", t.serverName());
                }
                if (t.starttls() != null) {
                    o.put("starttls", t.starttls());
                }
                if (t.caBundle() != null) {
                    o.put("ca-bundle", t.caBundle());
                }
            }
        }
        if (d.ddns() != null) {
            node.putObject("ddns").put("address-source", d.ddns().addressUrl() != null
                    ? d.ddns().addressUrl().toString() : "interface:" + d.ddns().addressInterface());
        }
        return node;
    }
}
