package io.vigil.domain.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vigil.events.DomainFinding;
import io.vigil.events.FindingStatus;
import io.vigil.events.Json;
import io.vigil.events.Topics;
import io.vigil.test.DnsServer;
import io.vigil.test.KafkaResource;
import io.vigil.test.OidcResource;
import io.vigil.test.PostgresResource;
import io.vigil.test.TestCertificates;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/domains} and {@code /api/certificates} on PostgreSQL and the real broker, against a
 * real dnsmasq and two real TLS servers on loopback: admins add, change and delete domains; a run's
 * findings go to {@code domain-findings} keyed by domain with its labels and are listed for viewers;
 * the inventory lists every certificate soonest expiry first; an endpoint taken out, and a deleted
 * domain, get a last {@code removed} finding; the file's domains are read-only; bad input is a 400
 * naming the field.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class)
@QuarkusTestResource(value = OidcResource.class)
class DomainsApiIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestCertificates certs;
    private static DnsServer dns;
    private static Vertx vertx;
    private static HttpServer soon;
    private static HttpServer later;

    private final String name = "shop.example.test";

    @BeforeAll
    static void startServers() throws Exception {
        certs = TestCertificates.create();
        dns = DnsServer.start(DnsServer.Records.builder().ttl(Duration.ofSeconds(60)).a("shop.example.test", "192.0.2.10"));
        vertx = Vertx.vertx();
        soon = https(certs.leaf("localhost").expiringInDays(5).issue());
        later = https(certs.leaf("localhost").expiringInDays(60).issue());
    }

    private static HttpServer https(TestCertificates.Issued issued) throws Exception {
        HttpServerOptions options = new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(issued.certPem().toString())
                        .setKeyPath(issued.keyPem().toString()));
        return vertx.createHttpServer(options).requestHandler(r -> r.response().end("ok"))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopServers() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        dns.close();
        certs.close();
    }

    @Test
    void anAdminAddsRunsChangesAndDeletesADomain() {
        ConsumerTask<String, String> findings = KafkaResource.companion().consumeStrings()
                .fromTopics(Topics.DOMAIN_FINDINGS);
        try {
            admin().contentType("application/json").body(domain(true))
                    .when().post("/api/domains")
                    .then().statusCode(201)
                    .header("Location", endsWith("/api/domains/" + name))
                    .body("name", equalTo(name))
                    .body("source", equalTo("api"))
                    .body("updated_by", equalTo("dave"))
                    .body("definition.tls.size()", equalTo(2));

            JsonPath run = operator().when().post("/api/domains/" + name + "/run")
                    .then().statusCode(200).extract().jsonPath();
            Map<String, Map<String, Object>> bySubject = run.<Map<String, Object>>getList("$").stream()
                    .collect(Collectors.toMap(f -> (String) f.get("subject"), f -> f));
            assertThat(bySubject.get(endpoint(soon))).containsEntry("kind", "tls").containsEntry("code", "expiry")
                    .containsEntry("status", "fail");
            assertThat((String) bySubject.get(endpoint(soon)).get("message")).contains("expires in 5 days");
            assertThat(bySubject.get(endpoint(later))).containsEntry("code", "ok").containsEntry("status", "ok");
            assertThat(bySubject.get("A @" + resolver())).containsEntry("kind", "dns").containsEntry("code", "match");

            await().atMost(WAIT).untilAsserted(() -> {
                DomainFinding f = findings.getRecords().stream().filter(r -> name.equals(r.key()))
                        .map(r -> Json.read(r.value(), DomainFinding.class))
                        .filter(d -> d.subject().equals(endpoint(soon))).findFirst().orElseThrow();
                assertThat(f.domain()).isEqualTo(name);
                assertThat(f.labels()).containsEntry("domain", name).containsEntry("kind", "tls")
                        .containsEntry("subject", endpoint(soon)).containsEntry("team", "web");
                assertThat(f.details()).containsEntry("days_left", "5");
            });

            viewer().when().get("/api/domains/" + name + "/findings?kind=tls")
                    .then().statusCode(200)
                    .body("size()", equalTo(2))
                    .body("subject", hasItem(endpoint(soon)));
            viewer().when().get("/api/domains/" + name)
                    .then().statusCode(200).body("status", equalTo("fail")).body("problems", equalTo(1));
            viewer().when().get("/api/domains?status=fail").then().statusCode(200).body("name", hasItem(name));

            // The inventory: leaf and intermediate of both endpoints, the 5-day leaf first.
            JsonPath inventory = viewer().when().get("/api/certificates?domain=" + name)
                    .then().statusCode(200).extract().jsonPath();
            assertThat(inventory.getList("$")).hasSize(4);
            assertThat(inventory.getString("[0].seen_at")).isEqualTo(endpoint(soon));
            assertThat(inventory.getInt("[0].days_left")).isEqualTo(5);
            assertThat(inventory.getInt("[0].position")).isZero();
            assertThat(inventory.getList("[0].sans", String.class)).contains("localhost");
            assertThat(inventory.getList("not_after", String.class)).isSorted();
            viewer().when().get("/api/certificates?expiring-within=7")
                    .then().statusCode(200).body("seen_at", hasItem(endpoint(soon)))
                    .body("findAll { it.seen_at == '" + endpoint(later) + "' }.size()", equalTo(0));

            // One endpoint taken out: its last finding says so, and the inventory forgets it.
            admin().contentType("application/json").body(domain(false))
                    .when().put("/api/domains/" + name)
                    .then().statusCode(200).body("definition.tls.size()", equalTo(1));
            operator().when().post("/api/domains/" + name + "/run").then().statusCode(200);
            await().atMost(WAIT).until(() -> removals(findings, endpoint(later)) == 1);
            viewer().when().get("/api/domains/" + name + "/findings?kind=tls")
                    .then().statusCode(200).body("subject", equalTo(List.of(endpoint(soon))));
            RestAssured.when().get("/q/metrics").then().statusCode(200)
                    .body(containsString("vigil_domain_certificate_days_left{domain=\"" + name + "\",subject=\""
                            + endpoint(soon) + "\"} 5.0"))
                    .body(not(containsString("subject=\"" + endpoint(later) + "\"")));
            viewer().when().get("/api/certificates?domain=" + name)
                    .then().statusCode(200).body("size()", equalTo(2))
                    .body("findAll { it.seen_at == '" + endpoint(later) + "' }.size()", equalTo(0));

            admin().when().delete("/api/domains/" + name).then().statusCode(204);
            await().atMost(WAIT).until(() -> removals(findings, endpoint(soon)) == 1
                    && removals(findings, "A @" + resolver()) == 1);
            viewer().when().get("/api/domains/" + name).then().statusCode(404).body("field", equalTo("name"));
            viewer().when().get("/api/certificates?domain=" + name).then().statusCode(404);

            // Exactly one removal each, checked after a later record of the same key (one partition, in
            // order): the domain added again and run once.
            admin().contentType("application/json").body(domain(false)).when().post("/api/domains")
                    .then().statusCode(201);
            int before = findings.getRecords().size();
            operator().when().post("/api/domains/" + name + "/run").then().statusCode(200);
            await().atMost(WAIT).until(() -> findings.getRecords().subList(before, findings.getRecords().size())
                    .stream().anyMatch(r -> name.equals(r.key()) && !r.value().contains("\"code\":\"removed\"")));
            assertThat(removals(findings, endpoint(later))).isEqualTo(1);
            assertThat(removals(findings, endpoint(soon))).isEqualTo(1);
            assertThat(removals(findings, "A @" + resolver())).isEqualTo(1);
            admin().when().delete("/api/domains/" + name).then().statusCode(204);
        } finally {
            findings.close();
        }
    }

    @Test
    void theFilesDomainsRunOnTheirScheduleAndAreReadOnly() {
        await().atMost(WAIT).untilAsserted(() -> viewer().when().get("/api/domains/file.example.test/findings")
                .then().statusCode(200)
                .body("[0].subject", equalTo("127.0.0.1:1"))
                .body("[0].code", equalTo("unreachable"))
                .body("[0].status", equalTo("fail")));
        viewer().when().get("/api/domains").then().statusCode(200).body("name", hasItem("file.example.test"));
        admin().contentType("application/json").body("{\"tls\": [{\"endpoint\": \"127.0.0.1:2\"}]}")
                .when().put("/api/domains/file.example.test")
                .then().statusCode(409).body("detail", containsString("config file"));
        admin().when().delete("/api/domains/file.example.test").then().statusCode(409);
        admin().contentType("application/json").body("{\"name\": \"file.example.test\", \"tls\": [{\"endpoint\": \"127.0.0.1:2\"}]}")
                .when().post("/api/domains").then().statusCode(409);
    }

    @Test
    void badInputIsA400NamingTheField() {
        admin().contentType("application/json").body("{\"name\": \"x.example.test\", \"dns\": {\"expect\": {\"A\": [\"not-an-ip\"]}}}")
                .when().post("/api/domains")
                .then().statusCode(400).body("field", containsString("dns.expect.A"));
        admin().contentType("application/json").body("{\"name\": \"x.example.test\", \"tls\": [{\"endpoint\": \"nohost\"}]}")
                .when().post("/api/domains")
                .then().statusCode(400).body("field", containsString("tls[0]"));
        admin().contentType("application/json").body("{\"name\": \"x.example.test\", \"colour\": \"red\"}")
                .when().post("/api/domains")
                .then().statusCode(400).body("field", containsString("colour"));
        admin().contentType("application/json").body("{\"name\": ")
                .when().post("/api/domains")
                .then().statusCode(400).body("field", equalTo("body"));
        admin().contentType("application/json").body("{\"name\": \"other.example.test\", \"tls\": [{\"endpoint\": \"127.0.0.1:2\"}]}")
                .when().put("/api/domains/x.example.test")
                .then().statusCode(400).body("field", equalTo("name"));
        viewer().when().get("/api/domains?status=broken").then().statusCode(400).body("field", equalTo("status"));
        viewer().when().get("/api/domains/file.example.test/findings?kind=smtp")
                .then().statusCode(400).body("field", equalTo("kind"));
        viewer().when().get("/api/certificates?expiring-within=soon")
                .then().statusCode(400).body("field", equalTo("expiring-within"));
        // A domain that checks nothing is refused, naming the whole body.
        admin().contentType("application/json").body("{\"name\": \"x.example.test\"}")
                .when().post("/api/domains")
                .then().statusCode(400).body("detail", containsString("nothing to check"));
        viewer().when().get("/api/domains/nothing.example.test").then().statusCode(404);
        // Nothing of the refused bodies was stored.
        viewer().when().get("/api/domains/x.example.test").then().statusCode(404);
    }

    private static long removals(ConsumerTask<String, String> findings, String subject) {
        return findings.getRecords().stream().map(ConsumerRecord::value)
                .map(v -> Json.read(v, DomainFinding.class))
                .filter(f -> f.subject().equals(subject) && f.code().equals("removed"))
                .peek(f -> assertThat(f.status()).isEqualTo(FindingStatus.OK))
                .count();
    }

    private String domain(boolean both) {
        String tls = "{\"endpoint\": \"" + endpoint(soon) + "\", \"server-name\": \"localhost\", \"ca-bundle\": \""
                + certs.caBundlePem() + "\"}";
        if (both) {
            tls += ", {\"endpoint\": \"" + endpoint(later) + "\", \"server-name\": \"localhost\", \"ca-bundle\": \""
                    + certs.caBundlePem() + "\"}";
        }
        return "{\"name\": \"" + name + "\", \"interval\": \"1h\", \"labels\": {\"team\": \"web\"},"
                + " \"dns\": {\"resolvers\": [\"" + resolver() + "\"], \"expect\": {\"A\": [\"192.0.2.10\"]}},"
                + " \"tls\": [" + tls + "]}";
    }

    private static String resolver() {
        return dns.host() + ":" + dns.port();
    }

    private static String endpoint(HttpServer server) {
        return "127.0.0.1:" + server.actualPort();
    }

    private static RequestSpecification viewer() {
        return given().auth().oauth2(OidcResource.tokenFor("vic", "viewer"));
    }

    private static RequestSpecification operator() {
        return given().auth().oauth2(OidcResource.tokenFor("olga", "operator"));
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(OidcResource.tokenFor("dave", "admin"));
    }
}
