package io.vigil.domain.tls;

/**
 * An endpoint that yielded no certificate, and at which step: {@code resolve}, {@code refused}
 * (the SSRF policy), {@code connect}, {@code starttls}, {@code handshake}, or {@code read} for a PEM
 * file. An expected verdict, so no stack trace; the message is the finding's sentence.
 */
final class Unreachable extends Exception {

    private final String step;
    private final String address;

    /** @param address the IP it was connecting to; null before one was chosen */
    Unreachable(String step, String address, String message) {
        super(message, null, false, false);
        this.step = step;
        this.address = address;
    }

    String step() {
        return step;
    }

    String address() {
        return address;
    }
}
