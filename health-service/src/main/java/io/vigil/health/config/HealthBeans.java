package io.vigil.health.config;

import io.quarkus.arc.DefaultBean;
import io.vigil.config.CheckConfig;
import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.support.VigilFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/** Beans made from configuration: the provisioned checks of {@code vigil.yaml} and the clock. */
@ApplicationScoped
public class HealthBeans {

    /** The checks of the file's {@code checks:} section; a bad file stops start-up naming the field. */
    public record ProvisionedChecks(List<CheckConfig> checks) {
    }

    @Produces
    @Singleton
    ProvisionedChecks provisioned(Config config) {
        return new ProvisionedChecks(VigilFile.load(config, ConfigLoader.Section.CHECKS)
                .map(VigilConfig::checks).orElse(List.of()));
    }

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
