package io.vigil.alert.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code /api/silences} on PostgreSQL: create, read, change, expire (kept for history), and what is refused. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class)
@QuarkusTestResource(value = OidcResource.class)
class SilencesApiIT {

    private final String host = "silenced-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anOperatorCreatesChangesAndExpiresASilence() {
        Instant end = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String location = operator().contentType("application/json")
                .body(Map.of("matchers", List.of("host=\"" + host + "\"", "severity=~\"warning|critical\""),
                        "endsAt", end.toString(), "comment", "disk swap"))
                .when().post("/api/silences")
                .then().statusCode(201)
                .body("matchers", equalTo(List.of("host=\"" + host + "\"", "severity=~\"warning|critical\"")))
                .body("createdBy", equalTo("carol"))
                .body("status", equalTo("active"))
                .body("endsAt", equalTo(end.toString()))
                .extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertThat(location).endsWith("/api/silences/" + id);
        assertThat(UUID.fromString(id)).isNotNull();

        viewer().when().get("/api/silences/" + id).then().statusCode(200).body("comment", equalTo("disk swap"));
        viewer().queryParam("active", "true").when().get("/api/silences").then().statusCode(200)
                .body("id", hasItem(id));

        Instant later = end.plus(1, ChronoUnit.HOURS);
        operator().contentType("application/json")
                .body(Map.of("matchers", List.of("host=\"" + host + "\""), "endsAt", later.toString(),
                        "comment", "disk swap, takes longer"))
                .when().put("/api/silences/" + id)
                .then().statusCode(200)
                .body("matchers", equalTo(List.of("host=\"" + host + "\"")))
                .body("endsAt", equalTo(later.toString()))
                .body("updatedBy", equalTo("carol"));

        operator().when().delete("/api/silences/" + id).then().statusCode(204);
        viewer().when().get("/api/silences/" + id).then().statusCode(200)
                .body("status", equalTo("expired"))
                .body("comment", equalTo("disk swap, takes longer"));
        viewer().queryParam("active", "true").when().get("/api/silences").then().statusCode(200)
                .body("id", not(hasItem(id)));
        viewer().queryParam("active", "false").when().get("/api/silences").then().statusCode(200)
                .body("id", hasItem(id));
        // Expired silences are history: expiring again changes nothing, changing one is refused.
        operator().when().delete("/api/silences/" + id).then().statusCode(204);
        operator().contentType("application/json")
                .body(Map.of("matchers", List.of("host=\"" + host + "\""), "endsAt", later.toString(),
                        "comment", "again"))
                .when().put("/api/silences/" + id)
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void aSilenceStartingLaterIsPending() {
        Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        operator().contentType("application/json")
                .body(Map.of("matchers", List.of("host=\"" + host + "\""), "startsAt", start.toString(),
                        "endsAt", start.plus(1, ChronoUnit.HOURS).toString(), "comment", "planned"))
                .when().post("/api/silences")
                .then().statusCode(201)
                .body("status", equalTo("pending"))
                .body("startsAt", equalTo(start.toString()));
    }

    @Test
    void invalidSilencesAreRefusedNamingTheField() {
        String end = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        assertThat(refused(Map.of("endsAt", end, "comment", "c"))).isEqualTo("matchers");
        assertThat(refused(Map.of("matchers", List.of(), "endsAt", end, "comment", "c"))).isEqualTo("matchers");
        assertThat(refused(Map.of("matchers", List.of("host=\"a\"", "host=web 1"), "endsAt", end, "comment", "c")))
                .isEqualTo("matchers[1]");
        assertThat(refused(Map.of("matchers", List.of("host=~\".*\""), "endsAt", end, "comment", "c")))
                .isEqualTo("matchers");
        assertThat(refused(Map.of("matchers", List.of("host=\"a\""), "comment", "c"))).isEqualTo("endsAt");
        assertThat(refused(Map.of("matchers", List.of("host=\"a\""), "endsAt", "tomorrow", "comment", "c")))
                .isEqualTo("endsAt");
        assertThat(refused(Map.of("matchers", List.of("host=\"a\""), "endsAt", "2020-01-01T00:00:00Z", "comment", "c")))
                .isEqualTo("endsAt");
        assertThat(refused(Map.of("matchers", List.of("host=\"a\""), "startsAt", end, "endsAt", end, "comment", "c")))
                .isEqualTo("endsAt");
        assertThat(refused(Map.of("matchers", List.of("host=\"a\""), "endsAt", end))).isEqualTo("comment");
        assertThat(refused(Map.of("matchers", List.of("host=\"a\""), "endsAt", end, "comment", "c", "ends", end)))
                .isEqualTo("ends");
        operator().contentType("application/json").body("{not json")
                .when().post("/api/silences").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anUnknownSilenceIsA404() {
        viewer().when().get("/api/silences/" + UUID.randomUUID()).then().statusCode(404).body("field", equalTo("id"));
        operator().when().delete("/api/silences/" + UUID.randomUUID()).then().statusCode(404);
        viewer().when().get("/api/silences/nope").then().statusCode(400).body("field", equalTo("id"));
    }

    private String refused(Map<String, Object> body) {
        return operator().contentType("application/json").body(body)
                .when().post("/api/silences")
                .then().statusCode(400).contentType("application/problem+json")
                .extract().jsonPath().getString("field");
    }

    private static RequestSpecification operator() {
        return given().auth().oauth2(OidcResource.tokenFor("carol", "operator"));
    }

    private static RequestSpecification viewer() {
        return given().auth().oauth2(OidcResource.token("viewer"));
    }
}
