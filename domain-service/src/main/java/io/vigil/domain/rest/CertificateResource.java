package io.vigil.domain.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.domain.service.DomainService;
import io.vigil.support.rest.BadRequestException;
import io.vigil.support.rest.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The certificate inventory: every certificate seen at every watched endpoint and file, soonest expiry first. */
@Path("/api/certificates")
@Produces(MediaType.APPLICATION_JSON)
public class CertificateResource {

    private final DomainService domains;
    private final Clock clock;

    public CertificateResource(DomainService domains, Clock clock) {
        this.domains = domains;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "The certificate inventory (role: viewer)", description = "Role: viewer (operator and admin "
            + "too). Every certificate of every chain seen (leaf = position 0, then intermediates): subject, SANs, "
            + "issuer, key, expiry and days left, and where it was seen (domain, endpoint or file, last seen), soonest "
            + "expiry first. `domain` keeps one domain's; `expiring-within` (days) keeps those expiring sooner.")
    @APIResponse(responseCode = "400", description = "Bad expiring-within; `field` names it")
    @APIResponse(responseCode = "404", description = "No domain has this name")
    public Uni<List<CertificateView>> list(@QueryParam("domain") String domain,
            @QueryParam("expiring-within") String expiringWithin) {
        Long within = null;
        if (expiringWithin != null && !expiringWithin.isBlank()) {
            try {
                within = Long.parseLong(expiringWithin.trim());
            } catch (NumberFormatException e) {
                throw new BadRequestException("expiring-within", "'" + expiringWithin + "' is not a whole number of days");
            }
            if (within < 0) {
                throw new BadRequestException("expiring-within", "must not be negative");
            }
        }
        Long days = within;
        String name = domain == null || domain.isBlank() ? null : domain.trim();
        return domains.certificates(name).map(list -> list.stream()
                .map(c -> CertificateView.of(c, clock))
                .filter(v -> days == null || v.daysLeft() <= days)
                .toList());
    }
}
