package io.vigil.alert.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import io.vigil.test.RoleMatrix;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every {@code /api} operation of {@code /q/openapi} refuses bad tokens (401) and lower roles (403)
 * and lets its least role and those above it past security ({@link RoleMatrix}); the dashboard's
 * config is public and answers without a token.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class)
@QuarkusTestResource(value = OidcResource.class)
class RoleMatrixIT {

    @Test
    void everyOperationRefusesBadTokensAndLowerRolesAndAdmitsItsRoleAndAbove() {
        assertThat(RoleMatrix.failures(List.of("/api/alerts", "/api/alerts/{id}", "/api/alerts/{id}/ack",
                "/api/silences", "/api/silences/{id}", "/api/rules", "/api/rules/{name}", "/api/rules/validate",
                "/api/maintenance", "/api/maintenance/{name}", "/api/stats", "/api/metrics/query", "/api/hosts",
                "/api/sources/health/checks", "/api/sources/health/checks/{name}/results",
                "/api/sources/domains/domains", "/api/sources/domains/certificates", "/api/dashboard/config"),
                // The dashboard asks how to log in before it has a token.
                Set.of("/api/dashboard/config"), 200)).isEmpty();
    }
}
