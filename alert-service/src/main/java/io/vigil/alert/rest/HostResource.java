package io.vigil.alert.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.alert.service.HostDirectory;
import io.vigil.alert.service.HostStatus;
import io.vigil.support.rest.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The hosts the dashboard offers to chart (viewer). */
@Path("/api/hosts")
@Produces(MediaType.APPLICATION_JSON)
public class HostResource {

    private final HostDirectory hosts;

    public HostResource(HostDirectory hosts) {
        this.hosts = hosts;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Hosts that reported in the last 24 hours (role: viewer)",
            description = "Role: viewer (operator and admin too). Every host with a host_cpu_usage_ratio sample in "
                    + "the metric history of the last 24 hours, by name; lastSeen is its latest sample's time and up "
                    + "says whether that is within the last 2 minutes.")
    public Uni<List<HostStatus>> list() {
        return hosts.hosts();
    }
}
