package io.vigil.health.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.vigil.events.HealthResult;
import io.vigil.events.HealthStatus;
import io.vigil.events.Json;
import io.vigil.events.Topics;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Push checks through the real endpoint, broker and PostgreSQL: a missing heartbeat becomes DOWN on
 * {@code health-results}, a Duplicati report with errors DEGRADED with its fields, an unknown token
 * a 404 that records nothing, and tokens stay out of every API answer but the admin's URL.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class)
@QuarkusTestResource(value = OidcResource.class)
class HeartbeatsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final String ERROR_REPORT = """
            {"Data": {"MainOperation": "Backup", "ParsedResult": "Error", "Duration": "00:02:03.5000000",
              "BeginTime": "2026-11-20T01:00:00Z", "EndTime": "2026-11-20T01:02:03Z",
              "SizeOfExaminedFiles": 1048576, "SizeOfAddedFiles": 4096,
              "WarningsActualLength": 0, "ErrorsActualLength": 1},
             "Extra": {"OperationName": "Backup", "backup-name": "nas-photos"},
             "LogLines": ["2026-11-20 01:02:03 +00 - [Error-Duplicati.Library.Main.Operation.BackupHandler-FileAccessError]: Error reported while accessing file: /photos/locked.jpg"]}
            """;

    private final String name = "beat-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aHeartbeatIsUpAndAMissingOneBecomesDownPastItsGrace() {
        try (ConsumerTask<String, String> results = consume()) {
            admin().contentType("application/json")
                    .body("{\"name\": \"" + name + "\", \"type\": \"heartbeat\", \"period\": \"2s\", \"grace\": \"1s\","
                            + " \"interval\": \"1s\", \"labels\": {\"job\": \"cron\"}}")
                    .when().post("/api/checks").then().statusCode(201)
                    .body(not(containsString("token")));
            String path = URI.create(admin().when().get("/api/checks/" + name + "/heartbeat-url")
                    .then().statusCode(200).extract().path("url")).getPath();

            given().when().post(path).then().statusCode(200)
                    .body("check", equalTo(name)).body("status", equalTo("up"));
            await().atMost(WAIT).until(() -> statuses(results, name).contains(HealthStatus.UP));

            // No more calls: past period + grace (3 s) the scheduled verdict is DOWN.
            await().atMost(WAIT).untilAsserted(() -> {
                HealthResult down = last(results, name);
                assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
                assertThat(down.message()).contains("no heartbeat for");
                assertThat(down.labels()).containsEntry("check", name).containsEntry("type", "heartbeat")
                        .containsEntry("job", "cron");
            });
            given().when().get(path).then().statusCode(200).body("status", equalTo("up"));
        }
    }

    @Test
    void aDuplicatiReportWithErrorsIsDegradedWithTheReportsFields() {
        String check = name + "-dup";
        try (ConsumerTask<String, String> results = consume()) {
            admin().contentType("application/json")
                    .body("{\"name\": \"" + check + "\", \"type\": \"duplicati\", \"period\": \"24h\", \"grace\": \"2h\"}")
                    .when().post("/api/checks").then().statusCode(201);
            String path = URI.create(admin().when().get("/api/checks/" + check + "/heartbeat-url")
                    .then().statusCode(200).extract().path("url")).getPath();

            given().contentType("application/json").body(ERROR_REPORT).when().post(path)
                    .then().statusCode(200).body("status", equalTo("degraded"));

            await().atMost(WAIT).untilAsserted(() -> {
                HealthResult r = last(results, check);
                assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(r.message()).contains("1 error").contains("locked.jpg");
                assertThat(r.details()).containsEntry("result", "error").containsEntry("errors", "1")
                        .containsEntry("backup_name", "nas-photos").containsEntry("duration_seconds", "123")
                        .containsEntry("size_bytes", "1048576").containsEntry("operation", "Backup");
            });
            viewer().when().get("/api/checks/" + check).then().statusCode(200)
                    .body("last.status", equalTo("degraded"))
                    .body("definition.type", equalTo("duplicati"));

            given().contentType("application/json").body("{\"nothing\": 1}").when().post(path)
                    .then().statusCode(400).body("field", equalTo("body"));
        }
    }

    @Test
    void anUnknownTokenIs404AndRecordsNothing() {
        String sentinel = name + "-sentinel";
        try (ConsumerTask<String, String> results = consume()) {
            given().when().post("/api/heartbeats/not-a-token-of-any-check-000000").then().statusCode(404)
                    .contentType("application/problem+json").body("field", equalTo("token"));

            // A later call of a real check shows the topic moved on without anything from the 404.
            admin().contentType("application/json")
                    .body("{\"name\": \"" + sentinel + "\", \"type\": \"heartbeat\", \"period\": \"1h\"}")
                    .when().post("/api/checks").then().statusCode(201);
            String path = URI.create(admin().when().get("/api/checks/" + sentinel + "/heartbeat-url")
                    .then().statusCode(200).extract().path("url")).getPath();
            given().when().get(path).then().statusCode(200);
            await().atMost(WAIT).until(() -> !statuses(results, sentinel).isEmpty());
            assertThat(results.getRecords()).allMatch(r -> r.key() != null && !r.key().startsWith("not-a-token"))
                    .allMatch(r -> r.key().equals(sentinel) || !r.key().startsWith(name));
        }
    }

    @Test
    void callsAreRateLimitedPerCheck() {
        String check = name + "-busy";
        admin().contentType("application/json")
                .body("{\"name\": \"" + check + "\", \"type\": \"heartbeat\", \"period\": \"1h\"}")
                .when().post("/api/checks").then().statusCode(201);
        String path = URI.create(admin().when().get("/api/checks/" + check + "/heartbeat-url")
                .then().statusCode(200).extract().path("url")).getPath();

        int limited = 0;
        for (int i = 0; i < 25 && limited == 0; i++) {
            int status = given().when().post(path).then().extract().statusCode();
            if (status == 429) {
                limited++;
            } else {
                assertThat(status).isEqualTo(200);
            }
        }

        assertThat(limited).as("a burst past the per-check bucket is refused").isEqualTo(1);
        given().when().post(path).then().statusCode(429).header("Retry-After", "1");
    }

    @Test
    void theHeartbeatUrlIsForAdminsOnly() {
        viewer().when().get("/api/checks/nightly-backup/heartbeat-url").then().statusCode(403);
        given().when().get("/api/checks/nightly-backup/heartbeat-url").then().statusCode(401);
        admin().when().get("/api/checks/nightly-backup/heartbeat-url").then().statusCode(200)
                .body("url", containsString("/api/heartbeats/"));
        admin().when().get("/api/checks/closed-port/heartbeat-url").then().statusCode(404);
        viewer().when().get("/api/checks/nightly-backup").then().statusCode(200).body(not(containsString("heartbeats")));
    }

    private static ConsumerTask<String, String> consume() {
        return KafkaResource.companion().consumeStrings().fromTopics(Topics.HEALTH_RESULTS);
    }

    private static List<HealthStatus> statuses(ConsumerTask<String, String> results, String check) {
        return results.getRecords().stream().filter(r -> check.equals(r.key()))
                .map(r -> Json.read(r.value(), HealthResult.class).status()).toList();
    }

    private static HealthResult last(ConsumerTask<String, String> results, String check) {
        return results.getRecords().stream().filter(r -> check.equals(r.key()))
                .map(r -> Json.read(r.value(), HealthResult.class)).reduce((a, b) -> b).orElseThrow();
    }

    private static RequestSpecification viewer() {
        return given().auth().oauth2(OidcResource.tokenFor("vic", "viewer"));
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(OidcResource.tokenFor("dave", "admin"));
    }
}
