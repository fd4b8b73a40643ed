package io.vigil.config;

import java.util.Objects;

/**
 * {@code type: tcp}: a connection to {@code host:port}; optionally {@code send} text, then
 * {@code expect} text in what the server answers (a banner such as {@code 220}).
 */
public record TcpCheck(String host, int port, String send, String expect) implements CheckKind {

    public static final String TYPE = "tcp";

    public TcpCheck {
        Objects.requireNonNull(host, "host");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String target() {
        return host;
    }
}
