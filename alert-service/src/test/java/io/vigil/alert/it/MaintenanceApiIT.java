package io.vigil.alert.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/maintenance} on PostgreSQL: operators add, change and delete windows; the one
 * provisioned from the config file ({@code wednesday-patching}) is read-only there.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class)
@QuarkusTestResource(value = OidcResource.class)
class MaintenanceApiIT {

    private final String name = "window-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anOperatorAddsChangesAndDeletesAWindow() {
        operator().contentType("application/json").body(weekly(name, "02:00"))
                .when().post("/api/maintenance")
                .then().statusCode(201)
                .header("Location", endsWith("/api/maintenance/" + name))
                .body("source", equalTo("api"))
                .body("createdBy", equalTo("erin"))
                .body("definition.weekdays", equalTo(java.util.List.of("sat")))
                .body("definition.from", equalTo("02:00"))
                .body("definition.matchers", equalTo(java.util.List.of("host=~\"db-.*\"")))
                .body("openNow", notNullValue());

        viewer().when().get("/api/maintenance").then().statusCode(200)
                .body("name", hasItems("wednesday-patching", name))
                .body("find { it.name == 'wednesday-patching' }.source", equalTo("file"))
                .body("find { it.name == 'wednesday-patching' }.definition.comment", equalTo("kernel updates"));

        operator().contentType("application/json").body(weekly(null, "03:00"))
                .when().put("/api/maintenance/" + name)
                .then().statusCode(200).body("definition.from", equalTo("03:00")).body("updatedBy", equalTo("erin"));
        viewer().when().get("/api/maintenance/" + name).then().statusCode(200)
                .body("definition.from", equalTo("03:00"));

        operator().when().delete("/api/maintenance/" + name).then().statusCode(204);
        viewer().when().get("/api/maintenance/" + name).then().statusCode(404);
        viewer().when().get("/api/maintenance").then().statusCode(200).body("name", not(hasItem(name)));
    }

    @Test
    void aProvisionedWindowIsReadOnly() {
        operator().contentType("application/json").body(weekly("wednesday-patching", "02:00"))
                .when().put("/api/maintenance/wednesday-patching")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("config file"));
        operator().when().delete("/api/maintenance/wednesday-patching").then().statusCode(409);
        operator().contentType("application/json").body(weekly("wednesday-patching", "02:00"))
                .when().post("/api/maintenance").then().statusCode(409);
    }

    @Test
    void invalidWindowsAreRefusedNamingTheField() {
        operator().contentType("application/json")
                .body("{\"name\": \"" + name + "\", \"weekdays\": [\"sat\"], \"from\": \"25:00\", \"to\": \"04:00\"}")
                .when().post("/api/maintenance")
                .then().statusCode(400).contentType("application/problem+json").body("field", equalTo("from"));
        operator().contentType("application/json")
                .body("{\"name\": \"" + name + "\", \"matchers\": [\"host=\"], \"cron\": \"0 2 * * *\", "
                        + "\"duration\": \"1h\", \"weekdays\": [\"sat\"]}")
                .when().post("/api/maintenance")
                .then().statusCode(400).body("field", notNullValue());
    }

    private static String weekly(String name, String from) {
        return "{" + (name == null ? "" : "\"name\": \"" + name + "\", ")
                + "\"matchers\": [\"host=~\\\"db-.*\\\"\"], \"weekdays\": [\"sat\"], \"from\": \"" + from
                + "\", \"to\": \"05:00\", \"comment\": \"patching\"}";
    }

    private static RequestSpecification operator() {
        return given().auth().oauth2(OidcResource.tokenFor("erin", "operator"));
    }

    private static RequestSpecification viewer() {
        return given().auth().oauth2(OidcResource.token("viewer"));
    }
}
