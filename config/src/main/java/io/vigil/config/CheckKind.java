package io.vigil.config;

/**
 * What a check does, one record per {@code type:} of the {@code checks:} section:
 * {@link HttpCheck}, {@link TcpCheck}, {@link DatabaseCheck} ({@code postgres}, {@code mysql}) and
 * {@link HeartbeatCheck} ({@code heartbeat}, {@code duplicati}). Records print no secret.
 */
public sealed interface CheckKind permits HttpCheck, TcpCheck, DatabaseCheck, HeartbeatCheck {

    /** The {@code type:} key in the config file. */
    String type();

    /** The host the check reaches, for the {@code host} label of its results; null for push checks. */
    String target();
}
