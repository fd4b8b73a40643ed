package io.vigil.alert.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/rules} on PostgreSQL: admins add, change and delete rules; rules provisioned from the
 * config file ({@code test-cpu}) are read-only there; bodies are checked by the config file's
 * loader, whose field path the 400 problem names.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class)
@QuarkusTestResource(value = OidcResource.class)
class RulesApiIT {

    private final String name = "api-rule-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anAdminAddsChangesAndDeletesARule() {
        admin().contentType("application/json").body(rule(name, 5))
                .when().post("/api/rules")
                .then().statusCode(201)
                .header("Location", endsWith("/api/rules/" + name))
                .body("name", equalTo(name))
                .body("source", equalTo("api"))
                .body("createdBy", equalTo("dave"))
                .body("definition.type", equalTo("threshold"))
                .body("definition.metric", equalTo("api_test_metric"))
                .body("definition.warning.above", equalTo(5.0f))
                .body("definition.warning.for", equalTo("1m"));

        viewer().when().get("/api/rules").then().statusCode(200)
                .body("name", hasItems("memory-present", "test-cpu", name))
                .body("find { it.name == 'test-cpu' }.source", equalTo("file"))
                .body("find { it.name == 'test-cpu' }.definition.critical.above", equalTo(0.9f))
                .body("find { it.name == '" + name + "' }.source", equalTo("api"));

        // The body's name may be left out on PUT: the path gives it.
        admin().contentType("application/json").body(rule(null, 6))
                .when().put("/api/rules/" + name)
                .then().statusCode(200)
                .body("definition.warning.above", equalTo(6.0f))
                .body("updatedBy", equalTo("dave"));
        viewer().when().get("/api/rules/" + name).then().statusCode(200)
                .body("definition.warning.above", equalTo(6.0f));

        admin().when().delete("/api/rules/" + name).then().statusCode(204);
        viewer().when().get("/api/rules/" + name).then().statusCode(404).body("field", equalTo("name"));
        viewer().when().get("/api/rules").then().statusCode(200).body("name", not(hasItem(name)));
        admin().when().delete("/api/rules/" + name).then().statusCode(404);
        admin().contentType("application/json").body(rule(name, 7)).when().put("/api/rules/" + name)
                .then().statusCode(404);
    }

    @Test
    void aProvisionedRuleIsReadOnlyAndItsNameTaken() {
        viewer().when().get("/api/rules/test-cpu").then().statusCode(200).body("source", equalTo("file"));

        admin().contentType("application/json").body(rule("test-cpu", 5)).when().put("/api/rules/test-cpu")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("config file"));
        admin().when().delete("/api/rules/test-cpu")
                .then().statusCode(409).body("detail", containsString("config file"));
        admin().contentType("application/json").body(rule("test-cpu", 5)).when().post("/api/rules")
                .then().statusCode(409).body("field", equalTo("name"));
    }

    @Test
    void aNameAddedTwiceIsAConflict() {
        admin().contentType("application/json").body(rule(name, 5)).when().post("/api/rules").then().statusCode(201);
        admin().contentType("application/json").body(rule(name, 5)).when().post("/api/rules")
                .then().statusCode(409).body("field", equalTo("name"));
        admin().when().delete("/api/rules/" + name).then().statusCode(204);
    }

    @Test
    void invalidRulesAreRefusedNamingTheFieldAndValidateAgrees() {
        String typo = "{\"name\": \"" + name + "\", \"metric\": \"m\", \"warning\": {\"abve\": 1}}";
        admin().contentType("application/json").body(typo).when().post("/api/rules")
                .then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("warning.abve"));
        admin().contentType("application/json").body(typo).when().post("/api/rules/validate")
                .then().statusCode(400).body("field", equalTo("warning.abve"));
        admin().contentType("application/json").body("{\"metric\": \"m\", \"warning\": {\"above\": 1}}")
                .when().post("/api/rules").then().statusCode(400).body("field", equalTo("name"));
        admin().contentType("application/json").body("[1]").when().post("/api/rules")
                .then().statusCode(400).body("field", equalTo("body"));
        admin().contentType("application/json").body(rule("other-name", 5)).when().put("/api/rules/" + name)
                .then().statusCode(400).body("field", equalTo("name"));

        admin().contentType("application/json").body(rule(name, 5)).when().post("/api/rules/validate")
                .then().statusCode(200)
                .body("valid", equalTo(true))
                .body("rule.name", equalTo(name));
        viewer().when().get("/api/rules/" + name).then().statusCode(404);
    }

    private static String rule(String name, double above) {
        return "{" + (name == null ? "" : "\"name\": \"" + name + "\", ")
                + "\"metric\": \"api_test_metric\", \"warning\": {\"above\": " + above + ", \"for\": \"1m\"}}";
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(OidcResource.tokenFor("dave", "admin"));
    }

    private static RequestSpecification viewer() {
        return given().auth().oauth2(OidcResource.token("viewer"));
    }
}
