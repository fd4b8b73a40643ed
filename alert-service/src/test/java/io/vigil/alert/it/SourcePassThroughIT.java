package io.vigil.alert.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/sources} against a real HTTP server standing in for the health-service
 * ({@link StandInSources}): the body and status come back as the source gave them, the caller's
 * own Authorization header is what the source gets, path segments are encoded, and a source
 * nobody listens for is a 502 problem naming {@code source}. (Without a URL: {@link LiveDashboardIT}.)
 */
@QuarkusTest
@TestProfile(SourcePassThroughIT.WithSources.class)
@QuarkusTestResource(value = KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class)
@QuarkusTestResource(value = OidcResource.class)
class SourcePassThroughIT {

    /** The application with alert.health-url and alert.domain-url set. */
    public static class WithSources implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StandInSources.class));
        }
    }

    @Test
    void theChecksComeBackAsTheHealthServiceAnsweredWithTheCallersOwnToken() {
        String token = OidcResource.tokenFor("ann", "viewer");

        given().auth().oauth2(token).when().get("/api/sources/health/checks")
                .then().statusCode(200).contentType("application/json")
                .body("method", equalTo("GET"))
                .body("path", equalTo("/api/checks"))
                .body("authorization", equalTo("Bearer " + token));
    }

    @Test
    void aChecksResultsPassOnTheLimitAndAnEncodedNameAndTheSourcesStatus() {
        String token = OidcResource.token("viewer");

        given().auth().oauth2(token).queryParam("limit", "5").queryParam("other", "dropped")
                .when().get("/api/sources/health/checks/{name}/results", "web front/1")
                .then().statusCode(200)
                .body("path", equalTo("/api/checks/web%20front%2F1/results"))
                .body("query", equalTo("limit=5"));
        given().auth().oauth2(token).when().get("/api/sources/health/checks/forbidden/results")
                .then().statusCode(403).body("path", equalTo("/api/checks/forbidden/results"));
    }

    @Test
    void aSourceNobodyListensForIsA502NamingSource() {
        given().auth().oauth2(OidcResource.token("viewer")).queryParam("state", "expiring")
                .when().get("/api/sources/domains/certificates")
                .then().statusCode(502).contentType("application/problem+json")
                .body("status", equalTo(502))
                .body("field", equalTo("source"))
                .body("detail", containsString("domain-service"));
    }

    @Test
    void theDashboardConfigSaysWhichSourcesAreThere() {
        given().when().get("/api/dashboard/config").then().statusCode(200)
                .body("login", equalTo("token"))
                .body("sources.health", equalTo(true))
                .body("sources.domains", equalTo(true));
    }

    @Test
    void theSourcesNeedAToken() {
        given().when().get("/api/sources/health/checks").then().statusCode(401);
        given().auth().oauth2(OidcResource.expiredToken("viewer")).when().get("/api/sources/domains/domains")
                .then().statusCode(401);
    }
}
