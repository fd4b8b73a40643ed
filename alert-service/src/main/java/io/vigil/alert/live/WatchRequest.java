package io.vigil.alert.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The one client → server message: {@code {"type":"watch","hosts":["web-1"]}}, which replaces the
 * hosts a connection watches. {@link #parse} refuses anything else with an {@link Invalid} whose
 * message starts with the field at fault, which the socket sends back as an {@code error} frame.
 */
public record WatchRequest(Set<String> hosts) {

    /** Hosts one connection may watch: a dashboard shows a handful of charts at a time. */
    public static final int MAX_HOSTS = 20;
    /** The longest host name (DNS names are at most 253 characters). */
    static final int MAX_HOST_LENGTH = 253;

    /** A message the server cannot act on; the message names the field. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    public static WatchRequest parse(ObjectMapper mapper, String text) throws Invalid {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (Exception e) {
            throw new Invalid("message: not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new Invalid("message: expected a JSON object with a type");
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            throw new Invalid("type: missing (expected \"watch\")");
        }
        if (!type.asText().equals("watch")) {
            throw new Invalid("type: unknown message type \"" + type.asText() + "\" (expected \"watch\")");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("type") && !name.equals("hosts")) {
                throw new Invalid(name + ": unknown field (expected type, hosts)");
            }
        }
        JsonNode hosts = root.get("hosts");
        if (hosts == null || !hosts.isArray()) {
            throw new Invalid("hosts: expected a list of host names (empty for none)");
        }
        if (hosts.size() > MAX_HOSTS) {
            throw new Invalid("hosts: at most " + MAX_HOSTS + " hosts, got " + hosts.size());
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < hosts.size(); i++) {
            JsonNode h = hosts.get(i);
            if (!h.isTextual() || h.asText().isBlank() || h.asText().length() > MAX_HOST_LENGTH) {
                throw new Invalid("hosts[" + i + "]: expected a host name (1-" + MAX_HOST_LENGTH + " characters)");
            }
            out.add(h.asText());
        }
        return new WatchRequest(Set.copyOf(out));
    }
}
