package io.vigil.alert.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /api/stats} on alerts with known times: counts, mean times to acknowledge and resolve, flaps. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class)
@QuarkusTestResource(value = OidcResource.class)
class StatsApiIT {

    private static final Instant DAY = Instant.parse("2025-03-10T00:00:00Z");

    @Test
    void countsAndMeanTimesPerRuleOverTheAlertsThatFiredInTheRange() throws Exception {
        String rule = "stats-" + UUID.randomUUID().toString().substring(0, 8);
        String quiet = rule + "-quiet";
        Map<String, String> labels = Map.of("host", "h");
        // Acknowledged after 60 s and 180 s; resolved after 600, 1200 and 1800 s; one flapping.
        AlertRowsFixture.resolved(rule, labels, "WARNING", at(10, 0), at(10, 0), at(10, 1), at(10, 10), false);
        AlertRowsFixture.resolved(rule, labels, "WARNING", at(11, 0), at(11, 0), at(11, 3), at(11, 20), true);
        AlertRowsFixture.resolved(rule, labels, "CRITICAL", at(12, 0), at(12, 0), null, at(12, 30), false);
        // Fired the day before: outside the range.
        AlertRowsFixture.resolved(rule, labels, "WARNING", at(-14, 0), at(-14, 0), at(-14, 1), at(-13, 0), true);
        // Pending, never fired: not counted.
        AlertRowsFixture.resolved(rule, labels, "WARNING", at(13, 0), null, null, at(13, 5), false);
        // Fired, never acknowledged: no mean time to acknowledge.
        AlertRowsFixture.resolved(quiet, labels, "WARNING", at(9, 0), at(9, 0), null, at(9, 1), false);

        given().auth().oauth2(OidcResource.token("viewer"))
                .queryParam("from", DAY.toString()).queryParam("to", DAY.plusSeconds(86400).toString())
                .when().get("/api/stats")
                .then().statusCode(200)
                .body("from", equalTo(DAY.toString()))
                .body("rules.find { it.rule == '" + rule + "' }.fired", equalTo(3))
                .body("rules.find { it.rule == '" + rule + "' }.meanTimeToAcknowledgeSeconds", equalTo(120.0f))
                .body("rules.find { it.rule == '" + rule + "' }.meanTimeToResolveSeconds", equalTo(1200.0f))
                .body("rules.find { it.rule == '" + rule + "' }.flapping", equalTo(1))
                .body("rules.find { it.rule == '" + quiet + "' }.fired", equalTo(1))
                .body("rules.find { it.rule == '" + quiet + "' }.meanTimeToAcknowledgeSeconds", nullValue())
                .body("rules.find { it.rule == '" + quiet + "' }.meanTimeToResolveSeconds", equalTo(60.0f));
    }

    @Test
    void anEmptyOrUnreadableRangeIsRefusedNamingTheParameter() {
        given().auth().oauth2(OidcResource.token("viewer"))
                .queryParam("from", DAY.toString()).queryParam("to", DAY.toString())
                .when().get("/api/stats")
                .then().statusCode(400).contentType("application/problem+json").body("field", equalTo("from"));
        given().auth().oauth2(OidcResource.token("viewer")).queryParam("to", "yesterday")
                .when().get("/api/stats")
                .then().statusCode(400).body("field", equalTo("to"));
        given().auth().oauth2(OidcResource.token("viewer")).when().get("/api/stats").then().statusCode(200);
    }

    private static Instant at(int hour, int minute) {
        return DAY.plusSeconds(hour * 3600L + minute * 60L);
    }
}
