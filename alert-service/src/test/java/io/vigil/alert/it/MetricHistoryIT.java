package io.vigil.alert.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.vigil.alert.service.RollupWriter;
import io.vigil.alert.store.RollupStore;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import io.vigil.events.Topics;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metric history on real Kafka and PostgreSQL: samples spread over several minutes come back
 * from {@code /api/metrics/query} as exact min/avg/max/last per minute and per step, and retention
 * drops the days past {@code history.retention} (15 days here) while keeping younger ones.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class)
@QuarkusTestResource(value = OidcResource.class)
class MetricHistoryIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventSource SOURCE = new EventSource("collector-service", "test");
    private static final String METRIC = "test_history_ratio";
    /** Numbers as doubles: the default (float) would not hold 19/3 exactly as the service computed it. */
    private static final JsonPathConfig DOUBLES = new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE);

    @Inject
    RollupWriter writer;
    @Inject
    TestClock clock;

    private final String host = "hist-" + UUID.randomUUID().toString().substring(0, 8);
    private final String other = host + "-b";
    /** Four whole minutes ending a minute ago: recent enough for alert.max-sample-age (15m). */
    private final Instant m0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(5));

    @BeforeEach
    void realTime() {
        // Other tests of this application move its clock; samples here are stamped by the real one.
        clock.reset();
    }

    @Test
    void samplesOverSeveralMinutesComeBackAsMinAvgMaxAndLastPerMinuteAndPerStep() {
        // minute 0: 1, 5, 3 · minute 1: 10, 2 · minute 2: (none) · minute 3: 7, 4, 8
        // In two rounds, the second once the first is stored: stored minutes must combine with new samples,
        // the last value staying the one taken last (8 at second 230 came in the first round).
        send(host, 5, 1);
        send(host, 20, 5);
        send(host, 70, 10);
        send(host, 230, 8);
        // Another host in the same minutes: a separate series, left out by the matcher.
        send(other, 10, 100);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(query(host, "1m").getList("series[0].points.count", Long.class))
                        .containsExactly(2L, 1L, 1L));

        send(host, 40, 3);
        send(host, 110, 2);
        send(host, 185, 7);
        send(host, 200, 4);
        send(other, 190, 200);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(query(host, "1m").getList("series[0].points.count", Long.class))
                        .containsExactly(3L, 2L, 3L));

        JsonPath minutes = query(host, "1m");
        assertThat(minutes.getList("series")).hasSize(1);
        assertThat(minutes.getMap("series[0].labels")).isEqualTo(Map.of("host", host));
        assertThat(minutes.getList("series[0].points.t", String.class))
                .containsExactly(m0.toString(), m0.plusSeconds(60).toString(), m0.plusSeconds(180).toString());
        assertThat(minutes.getList("series[0].points.min", Double.class)).containsExactly(1.0, 2.0, 4.0);
        assertThat(minutes.getList("series[0].points.max", Double.class)).containsExactly(5.0, 10.0, 8.0);
        assertThat(minutes.getList("series[0].points.avg", Double.class)).containsExactly(3.0, 6.0, 19.0 / 3);
        assertThat(minutes.getList("series[0].points.last", Double.class)).containsExactly(3.0, 2.0, 8.0);

        // Two-minute steps: minutes 0+1 (5 samples, mean 21/5) and 2+3.
        JsonPath steps = query(host, "2m");
        assertThat(steps.getString("step")).isEqualTo("2m");
        assertThat(steps.getList("series[0].points.t", String.class))
                .containsExactly(m0.toString(), m0.plusSeconds(120).toString());
        assertThat(steps.getList("series[0].points.min", Double.class)).containsExactly(1.0, 4.0);
        assertThat(steps.getList("series[0].points.max", Double.class)).containsExactly(10.0, 8.0);
        assertThat(steps.getList("series[0].points.avg", Double.class)).containsExactly(21.0 / 5, 19.0 / 3);
        assertThat(steps.getList("series[0].points.last", Double.class)).containsExactly(2.0, 8.0);

        // Both hosts with a regex matcher.
        JsonPath both = given().auth().oauth2(OidcResource.token("viewer"))
                .queryParam("metric", METRIC).queryParam("labels", "host=~\"" + host + ".*\"")
                .queryParam("from", m0.toString()).queryParam("to", m0.plusSeconds(240).toString())
                .when().get("/api/metrics/query").then().statusCode(200).extract().jsonPath();
        assertThat(both.getList("series.labels.host", String.class)).containsExactlyInAnyOrder(host, other);
    }

    @Test
    void badParametersAreRefusedNamingTheParameter() {
        given().auth().oauth2(OidcResource.token("viewer")).when().get("/api/metrics/query")
                .then().statusCode(400).contentType("application/problem+json").body("field", equalTo("metric"));
        given().auth().oauth2(OidcResource.token("viewer")).queryParam("metric", METRIC)
                .queryParam("from", m0.toString()).queryParam("to", m0.minusSeconds(60).toString())
                .when().get("/api/metrics/query").then().statusCode(400).body("field", equalTo("from"));
        given().auth().oauth2(OidcResource.token("viewer")).queryParam("metric", METRIC).queryParam("step", "30s")
                .when().get("/api/metrics/query").then().statusCode(400).body("field", equalTo("step"));
        given().auth().oauth2(OidcResource.token("viewer")).queryParam("metric", METRIC)
                .queryParam("from", m0.minus(Duration.ofDays(3)).toString())
                .when().get("/api/metrics/query").then().statusCode(400).body("field", equalTo("step"));
        given().auth().oauth2(OidcResource.token("viewer")).queryParam("metric", METRIC).queryParam("labels", "host")
                .when().get("/api/metrics/query").then().statusCode(400).body("field", equalTo("labels"));
    }

    @Test
    void retentionDropsTheDaysOlderThanFifteenDaysAndKeepsTheRest() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate expired = today.minusDays(20);
        LocalDate lastExpired = today.minusDays(16);
        LocalDate kept = today.minusDays(14);
        for (LocalDate day : List.of(expired, lastExpired, kept)) {
            insertOldRow(day);
        }
        assertThat(rowsOf(expired)).isEqualTo(1);

        List<LocalDate> dropped = writer.maintain();

        assertThat(dropped).contains(expired, lastExpired).doesNotContain(kept, today);
        assertThat(rowsOf(expired)).isZero();
        assertThat(rowsOf(lastExpired)).isZero();
        assertThat(rowsOf(kept)).isEqualTo(1);
        assertThat(partitionExists(expired)).isFalse();
        assertThat(partitionExists(kept)).isTrue();
        // The next days are ready before any sample needs them.
        assertThat(partitionExists(today)).isTrue();
        assertThat(partitionExists(today.plusDays(1))).isTrue();
    }

    private void insertOldRow(LocalDate day) throws Exception {
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        try (Connection c = PostgresResource.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS alert." + RollupStore.partition(day)
                    + " PARTITION OF alert.metric_rollups FOR VALUES FROM ('" + start + "') TO ('"
                    + start.plus(Duration.ofDays(1)) + "')");
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO alert.metric_rollups (metric, labels, minute, min, max, sum, count, last, last_at)
                    VALUES (?, ?::jsonb, ?, 1, 1, 1, 1, 1, ?)""")) {
                p.setString(1, METRIC + "_old");
                p.setString(2, Json.write(Map.of("host", host)));
                p.setObject(3, start.plusSeconds(3600).atOffset(ZoneOffset.UTC));
                p.setObject(4, start.plusSeconds(3600).atOffset(ZoneOffset.UTC));
                p.executeUpdate();
            }
        }
    }

    private long rowsOf(LocalDate day) throws Exception {
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        try (Connection c = PostgresResource.connect(); PreparedStatement p = c.prepareStatement("""
                SELECT count(*) FROM alert.metric_rollups
                WHERE metric = ? AND labels @> ?::jsonb AND minute >= ? AND minute < ?""")) {
            p.setString(1, METRIC + "_old");
            p.setString(2, Json.write(Map.of("host", host)));
            p.setObject(3, start.atOffset(ZoneOffset.UTC));
            p.setObject(4, start.plus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC));
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static boolean partitionExists(LocalDate day) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement p = c.prepareStatement(
                "SELECT to_regclass(?) IS NOT NULL")) {
            p.setString(1, "alert." + RollupStore.partition(day));
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    private JsonPath query(String h, String step) {
        return given().auth().oauth2(OidcResource.token("viewer"))
                .queryParam("metric", METRIC).queryParam("labels", "host=\"" + h + "\"")
                .queryParam("from", m0.toString()).queryParam("to", m0.plusSeconds(240).toString())
                .queryParam("step", step)
                .when().get("/api/metrics/query").then().statusCode(200).extract().jsonPath().using(DOUBLES);
    }

    private void send(String h, int second, double value) {
        MetricBatch batch = MetricBatch.of(SOURCE, h, m0.plusSeconds(second), List.of(MetricSample.of(METRIC, value)));
        KafkaResource.companion().produceStrings()
                .fromRecords(new ProducerRecord<>(Topics.METRICS, h, Json.write(batch)))
                .awaitCompletion(WAIT);
    }
}
