package io.vigil.alert.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/alerts} on PostgreSQL: filters by state, severity, rule and each matcher operator,
 * and keyset pages. Each test writes its own resolved alerts, tagged with a label of its own.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class)
@QuarkusTestResource(value = OidcResource.class)
class AlertsApiIT {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String rule = "list-" + tag;
    /** Newest first, as the list orders them. */
    private final List<UUID> newestFirst = new ArrayList<>();

    @BeforeEach
    void fiveResolvedAlerts() throws Exception {
        String[] hosts = {"web-1", "web-2", "web-3", "db-1", "db-2"};
        for (int i = 0; i < hosts.length; i++) {
            Instant at = T0.plusSeconds(60L * i);
            newestFirst.add(0, AlertRowsFixture.resolved(rule, Map.of("host", hosts[i], "tag", tag),
                    hosts[i].startsWith("db") ? "CRITICAL" : "WARNING", at, at, null, at.plusSeconds(30), false));
        }
    }

    @Test
    void pagesFollowTheCursorUntilNextIsNull() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        List<Integer> sizes = new ArrayList<>();
        do {
            RequestSpecification request = viewer().queryParam("state", "resolved")
                    .queryParam("match", "tag=\"" + tag + "\"").queryParam("limit", 2);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/api/alerts").then().statusCode(200)
                    .body("limit", equalTo(2)).extract().jsonPath();
            List<String> ids = page.getList("items.id");
            sizes.add(ids.size());
            seen.addAll(ids);
            cursor = page.getString("next");
        } while (cursor != null && sizes.size() < 10);

        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(seen).containsExactlyElementsOf(newestFirst.stream().map(UUID::toString).toList());
    }

    @Test
    void filtersByEachMatcherOperator() {
        assertThat(hosts("host=\"web-2\"")).containsExactly("web-2");
        assertThat(hosts("host!=\"web-2\"")).containsExactly("db-2", "db-1", "web-3", "web-1");
        assertThat(hosts("host=~\"web-.*\"")).containsExactly("web-3", "web-2", "web-1");
        assertThat(hosts("host!~\"web-.*\"")).containsExactly("db-2", "db-1");
        // A regex must match the whole value, as in Prometheus.
        assertThat(hosts("host=~\"web\"")).isEmpty();
        // A missing label is the empty string.
        assertThat(hosts("nolabel=\"\"")).hasSize(5);
    }

    @Test
    void filtersBySeverityAndRuleTogether() {
        List<String> hosts = viewer().queryParam("state", "resolved").queryParam("rule", rule)
                .queryParam("severity", "critical")
                .when().get("/api/alerts").then().statusCode(200).extract().jsonPath().getList("items.labels.host");
        assertThat(hosts).containsExactly("db-2", "db-1");
    }

    @Test
    void withoutAStateFilterOnlyOpenAlertsAreListed() {
        List<String> ids = viewer().queryParam("match", "tag=\"" + tag + "\"")
                .when().get("/api/alerts").then().statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(ids).isEmpty();
    }

    @Test
    void oneAlertComesWithItsHistoryOrA404() {
        UUID id = newestFirst.get(0);
        viewer().when().get("/api/alerts/" + id).then().statusCode(200)
                .body("alert.id", equalTo(id.toString()))
                .body("alert.state", equalTo("resolved"))
                .body("alert.labels.host", equalTo("db-2"))
                .body("history.size()", equalTo(0));

        viewer().when().get("/api/alerts/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("field", equalTo("id"));
        viewer().when().get("/api/alerts/not-a-uuid").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("id"));
    }

    @Test
    void refusesBadParametersNamingThem() {
        viewer().queryParam("match", "host=web 1").when().get("/api/alerts").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("match"));
        viewer().queryParam("match", "host=~\"(\"").when().get("/api/alerts").then().statusCode(400)
                .body("field", equalTo("match"));
        viewer().queryParam("cursor", "garbage").when().get("/api/alerts").then().statusCode(400)
                .body("field", equalTo("cursor"));
        viewer().queryParam("limit", "1001").when().get("/api/alerts").then().statusCode(400)
                .body("field", equalTo("limit"));
        viewer().queryParam("severity", "meh").when().get("/api/alerts").then().statusCode(400)
                .body("field", equalTo("severity"));
    }

    private List<String> hosts(String matcher) {
        return viewer().queryParam("state", "resolved").queryParam("match", "tag=\"" + tag + "\"")
                .queryParam("match", matcher)
                .when().get("/api/alerts").then().statusCode(200).extract().jsonPath().getList("items.labels.host");
    }

    private static RequestSpecification viewer() {
        return given().auth().oauth2(OidcResource.token("viewer"));
    }
}
