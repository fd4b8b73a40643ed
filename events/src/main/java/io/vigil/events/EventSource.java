package io.vigil.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/** Who published an event: the service name and the host it runs on. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventSource(String service, String host) {

    public EventSource {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(host, "host");
    }
}
