package io.vigil.alert.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigil.alert.config.AlertSettings;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * What the dashboard needs before anyone logged in: how to log in (an identity server's login, or
 * a token pasted in, as in the embedded run) and which source pages have a service behind them.
 * Public on purpose: it holds nothing secret (a client id and a URL a browser is sent to anyway).
 */
@Path("/api/dashboard/config")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardConfigResource {

    private final AlertSettings settings;
    private final Optional<String> authServerUrl;

    public DashboardConfigResource(AlertSettings settings,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> authServerUrl) {
        this.settings = settings;
        this.authServerUrl = authServerUrl;
    }

    @GET
    @PermitAll
    @Operation(summary = "How the dashboard logs in and which sources it has (no token needed)",
            description = "login is \"oidc\" (with authServerUrl and clientId) when quarkus.oidc.auth-server-url and "
                    + "ALERT_DASHBOARD_CLIENT_ID are both set, else \"token\"; sources says whether ALERT_HEALTH_URL "
                    + "and ALERT_DOMAIN_URL are set.")
    public DashboardConfig get() {
        Sources sources = new Sources(present(settings.healthUrl()), present(settings.domainUrl()));
        if (present(authServerUrl) && present(settings.dashboardClientId())) {
            return new DashboardConfig("oidc", authServerUrl.get(), settings.dashboardClientId().get(), sources);
        }
        return new DashboardConfig("token", null, null, sources);
    }

    private static boolean present(Optional<String> value) {
        return value.isPresent() && !value.get().isBlank();
    }

    /** The answer; authServerUrl and clientId only with the oidc login. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DashboardConfig(String login, String authServerUrl, String clientId, Sources sources) {
    }

    /** Whether each source service's URL is configured. */
    public record Sources(boolean health, boolean domains) {
    }
}
