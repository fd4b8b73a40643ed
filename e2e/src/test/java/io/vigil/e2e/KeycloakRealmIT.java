package io.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import io.vigil.events.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * deploy/keycloak/vigil-realm.json in a real Keycloak (the distribution compose's image is built from,
 * in development mode as compose runs it), and the packaged alert-service configured for it as
 * docker-compose.yml's {@code x-vigil-oidc} does: the scripts client's service account is an operator
 * and no more, foreign tokens are refused, and the dashboard logs a viewer in through Keycloak's login
 * page (authorization code + PKCE) in a real headless Chromium. Screenshots land in
 * target/screenshots/keycloak (test artefacts).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakRealmIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final EventSource SOURCE = new EventSource("collector-service", "e2e-keycloak");
    private static final Path SHOTS = Path.of("target/screenshots/keycloak");
    private static final String DEMO_PASSWORD = "demo-pass-e2e";
    private static final String SCRIPTS_SECRET = "scripts-secret-e2e";

    @TempDir
    static Path dir;

    private static KeycloakServer keycloak;
    private static AlertServiceStack stack;
    private static ServiceProcess alertService;
    private static String dashboardUrl;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> java = KeycloakServer.javaHome();
        assumeTrue(java.isPresent(), "Keycloak 26 needs a JDK 21 or later (this JVM or one under /usr/lib/jvm); "
                + "none found, so the realm is not tested");
        Path root = Path.of(System.getProperty("vigil.root", ".."));
        int port = ServiceProcess.freePort();
        dashboardUrl = "http://127.0.0.1:" + port;
        // The realm's placeholders, resolved by Keycloak at import (compose passes them from .env).
        Map<String, String> realmEnv = new HashMap<>();
        realmEnv.put("VIGIL_DEMO_PASSWORD", DEMO_PASSWORD);
        realmEnv.put("VIGIL_SCRIPTS_CLIENT_SECRET", SCRIPTS_SECRET);
        realmEnv.put("VIGIL_DASHBOARD_URL", dashboardUrl);
        // Keycloak first: its start (a dev-mode build, then the import) is the longest, Kafka and PostgreSQL start meanwhile.
        keycloak = KeycloakServer.start(java.get(), dir, root.resolve("deploy/keycloak/vigil-realm.json"), realmEnv);
        stack = AlertServiceStack.start(dir, """
                rules:
                  - name: disk-full
                    metric: host_filesystem_used_ratio
                    labels: {mount: /}
                    critical: {above: 0.9, for: 0s}
                    clear: {below: 0.8, for: 0s}
                    summary: "Disk {mount} on {host} at {value}"
                """, 1, false);
        keycloak.awaitReady(Duration.ofSeconds(240));
        // docker-compose.yml's x-vigil-oidc instead of the stack's own key, Keycloak being both URLs here.
        Map<String, String> env = stack.env();
        env.remove("QUARKUS_OIDC_PUBLIC_KEY");
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", keycloak.realmUrl("vigil"));
        env.put("QUARKUS_OIDC_TOKEN_ISSUER", keycloak.realmUrl("vigil"));
        env.put("QUARKUS_OIDC_DISCOVERY_ENABLED", "false");
        env.put("QUARKUS_OIDC_JWKS_PATH", keycloak.realmUrl("vigil") + "/protocol/openid-connect/certs");
        env.put("ALERT_DASHBOARD_CLIENT_ID", "vigil-dashboard");
        alertService = stack.startAlertService(dir.resolve("logs"), port);
        alertService.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
            if (stack != null) {
                stack.close();
            }
        } finally {
            if (keycloak != null) {
                List<ProcessHandle> processes = keycloak.processes();
                keycloak.close();
                assertThat(processes).as("Keycloak's processes after close").noneMatch(ProcessHandle::isAlive);
            }
        }
    }

    /** What the page showed when a test ended, passed or not (Keycloak's error page, say). */
    @AfterEach
    void screenshotTheEnd(TestInfo test) throws Exception {
        if (browser != null) {
            browser.screenshotTheEnd(test);
        }
    }

    @Test
    @Order(1)
    void theScriptsClientsServiceAccountIsAnOperatorButNotAnAdmin() {
        String token = scriptsToken();
        JsonNode claims = claims(token);
        assertThat(claims.path("aud").toString()).as("audience").contains("\"vigil\"");
        assertThat(claims.path("iss").asText()).isEqualTo(keycloak.realmUrl("vigil"));

        AlertApi.Answer alerts = api().get("/api/alerts", token);
        assertThat(alerts.status()).as("GET /api/alerts: %s", alerts.body()).isEqualTo(200);
        // Operator: acknowledges a firing alert, recorded as the service account.
        String id = fire("kc-scripts");
        AlertApi.Answer ack = api().post("/api/alerts/" + id + "/ack", token, Map.of("comment", "from a script"));
        assertThat(ack.status()).as("ack as vigil-scripts: %s", ack.body()).isEqualTo(200);
        assertThat(ack.json().path("acknowledgement").path("by").asText()).isEqualTo("service-account-vigil-scripts");
        // Not admin: validating a rule is admin-only.
        AlertApi.Answer validate = api().post("/api/rules/validate", token, Map.of("name", "x", "metric", "m",
                "critical", Map.of("above", 1)));
        assertThat(validate.status()).as("admin-only call as vigil-scripts: %s", validate.body()).isEqualTo(403);
    }

    @Test
    @Order(2)
    void forgedTokensAndTokensOfAnotherRealmAreRefused() {
        String token = scriptsToken();
        // The same claims, signed by someone else: the signature no longer matches.
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("not keycloak's signature, not keycloak's signature, not keycloak's".getBytes(StandardCharsets.UTF_8));
        assertThat(api().get("/api/alerts", forged).status()).as("forged signature").isEqualTo(401);
        // A genuine Keycloak token, for the master realm's admin console: another issuer and audience.
        String master = keycloak.token("master", Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", KeycloakServer.BOOTSTRAP_ADMIN, "password", KeycloakServer.BOOTSTRAP_ADMIN_PASSWORD))
                .path("access_token").asText();
        assertThat(claims(master).path("aud").toString()).doesNotContain("\"vigil\"");
        assertThat(api().get("/api/alerts", master).status()).as("a token of the master realm").isEqualTo(401);
        // The untouched token still passes: the refusals were about the tokens.
        assertThat(api().get("/api/alerts", token).status()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void theDashboardLogsAViewerInThroughKeycloaksLoginPageAndOffersNoAck() throws Exception {
        // Fired before the login, found on the page after it: nothing here needs the scripts client.
        send("kc-viewer");
        browser = Browser.start(SHOTS);
        var driver = browser.driver();
        driver.get(dashboardUrl + "/");
        // No token: the login panel offers Keycloak's login (GET /api/dashboard/config said "oidc").
        WebElement login = await().atMost(WAIT).until(() -> first("#login [data-action=oidc-login]"), e -> e != null);
        browser.screenshot("01-login-panel");
        login.click();

        await().alias("Keycloak's login form").atMost(WAIT)
                .until(() -> driver.getCurrentUrl().startsWith(keycloak.realmUrl("vigil")) && first("#username") != null);
        assertThat(driver.getCurrentUrl()).contains("client_id=vigil-dashboard").contains("code_challenge_method=S256");
        browser.screenshot("02-keycloak-login");
        driver.findElement(By.id("username")).sendKeys("viewer");
        driver.findElement(By.id("password")).sendKeys(DEMO_PASSWORD);
        driver.findElement(By.id("kc-login")).click();

        // Back on the dashboard with a token from the code exchange: the live socket connects.
        await().alias("back on the dashboard, live or refused").atMost(WAIT)
                .until(() -> driver.getCurrentUrl().startsWith(dashboardUrl)
                && (text("#connection").equals("live") || first("#login .error") != null
                        && !text("#login .error").isEmpty()));
        assertThat(text("#login .error")).as("the login panel's error").isEmpty();
        assertThat(text("#connection")).isEqualTo("live");
        assertThat(driver.getCurrentUrl()).as("code and state leave the address bar").doesNotContain("code=");
        assertThat(first("#login")).as("no login panel once logged in").isNull();
        assertThat(text("#user")).contains("viewer");
        String token = (String) browser.script("return sessionStorage.getItem('vigil.token')");
        JsonNode claims = claims(token);
        assertThat(claims.path("azp").asText()).isEqualTo("vigil-dashboard");
        assertThat(claims.path("preferred_username").asText()).isEqualTo("viewer");

        // The alert the test fired, from the API with the viewer's token; no Ack or Silence for a viewer.
        browser.script("location.hash = arguments[0]", "#/alerts");
        String id = await().alias("the firing alert of kc-viewer on the page").atMost(WAIT).ignoreExceptions()
                .until(() -> firingAlertOf("kc-viewer"), r -> r != null);
        browser.screenshot("03-alerts-as-viewer");
        assertThat(driver.findElements(By.cssSelector("[data-action=ack], [data-action=silence]")))
                .as("actions offered to a viewer").isEmpty();
        // And the API refuses the viewer's token the operator's call the page does not offer.
        AlertApi.Answer ack = api().post("/api/alerts/" + id + "/ack", token, Map.of());
        assertThat(ack.status()).as("ack as viewer: %s", ack.body()).isEqualTo(403);
        assertThat(api().get("/api/alerts/" + id, token).status()).isEqualTo(200);
    }

    // --- helpers --------------------------------------------------------------------------------

    private static String scriptsToken() {
        return keycloak.token("vigil", Map.of("grant_type", "client_credentials", "client_id", "vigil-scripts",
                "client_secret", SCRIPTS_SECRET)).path("access_token").asText();
    }

    /** A JWT's payload (display only: the alert-service checks the signature). */
    private static JsonNode claims(String jwt) {
        assertThat(jwt).as("a JWT").isNotBlank();
        try {
            return Json.mapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not a JWT: " + jwt, e);
        }
    }

    private static AlertApi api() {
        return new AlertApi(alertService);
    }

    /** A disk breach on {@code host}; returns the id of its firing alert (found with the scripts token). */
    private static String fire(String host) {
        send(host);
        return api().awaitOneFiring(host, scriptsToken(), WAIT, Duration.ofMillis(100));
    }

    /** A sample of 0.97 on {@code host}'s / (the rule fires above 0.9). */
    private static void send(String host) {
        stack.companion().produceStrings().fromRecords(new ProducerRecord<>(Topics.METRICS, host, Json.write(
                MetricBatch.of(SOURCE, host, Instant.now(),
                        List.of(MetricSample.of("host_filesystem_used_ratio", 0.97, "mount", "/"))))))
                .awaitCompletion(WAIT);
    }

    /** The id of the firing alert whose row's labels name {@code host}, or null. */
    private static String firingAlertOf(String host) {
        for (WebElement row : browser.driver().findElements(By.cssSelector("tr[data-state=firing][data-alert-id]"))) {
            if (row.getText().contains("host=\"" + host + "\"")) {
                return row.getAttribute("data-alert-id");
            }
        }
        return null;
    }

    private static WebElement first(String css) {
        return browser.first(css);
    }

    private static String text(String css) {
        return browser.text(css);
    }
}
