package io.vigil.domain.config;

import io.quarkus.arc.DefaultBean;
import io.vigil.config.ConfigLoader;
import io.vigil.config.DomainConfig;
import io.vigil.config.VigilConfig;
import io.vigil.support.VigilFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/** Beans made from configuration: the provisioned domains of {@code vigil.yaml} and the clock. */
@ApplicationScoped
public class DomainBeans {

    /** The domains of the file's {@code domains:} section; a bad file stops start-up naming the field. */
    public record ProvisionedDomains(List<DomainConfig> domains) {
    }

    @Produces
    @Singleton
    ProvisionedDomains provisioned(Config config) {
        return new ProvisionedDomains(VigilFile.load(config, ConfigLoader.Section.DOMAINS)
                .map(VigilConfig::domains).orElse(List.of()));
    }

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
