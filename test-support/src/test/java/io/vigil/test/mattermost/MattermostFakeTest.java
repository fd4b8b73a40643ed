package io.vigil.test.mattermost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MattermostFakeTest {

    private static final String VALID = """
            {"text": "disk full", "channel": "ops", "username": "vigil",
             "icon_url": "https://vigil.example/icon.png", "type": "custom_vigil",
             "priority": {"priority": "urgent", "requested_ack": true},
             "attachments": [{"fallback": "disk full", "color": "danger", "title": "[FIRING] disk",
               "title_link": "https://vigil.example/alerts/1", "text": "disk full on web-1",
               "fields": [{"title": "host", "value": "web-1", "short": true}], "ts": 1700000000}]}
            """;

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MattermostFake fake;
    private String hook;

    @BeforeEach
    void start() {
        fake = MattermostFake.start();
        hook = fake.createHook("town-square");
        fake.addChannel("ops");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void acceptsAValidPostAndRecordsIt() throws Exception {
        HttpResponse<String> response = postJson(fake.hookUrl(hook), VALID);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(fake.posts(hook)).singleElement().satisfies(post -> {
            assertThat(post.channel()).isEqualTo("ops");
            assertThat(post.text()).isEqualTo("disk full");
            assertThat(post.username()).isEqualTo("vigil");
            assertThat(post.attachments()).singleElement()
                    .satisfies(a -> assertThat(a.get("color").asText()).isEqualTo("danger"));
            assertThat(post.field("host")).isEqualTo("web-1");
            assertThat(post.rawBody()).isEqualTo(VALID);
        });
        assertThat(fake.requests(hook)).isEqualTo(1);
    }

    @Test
    void postsWithoutAChannelLandInTheHooksDefaultChannel() throws Exception {
        postJson(fake.hookUrl(hook), "{\"text\": \"hello\"}");

        assertThat(fake.posts(hook)).singleElement().satisfies(p -> assertThat(p.channel()).isEqualTo("town-square"));
    }

    @Test
    void acceptsTheFormEncodedPayloadField() throws Exception {
        String form = "payload=" + URLEncoder.encode("{\"text\": \"from a form\", \"channel\": \"#ops\"}",
                StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(fake.hookUrl(hook)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(fake.posts(hook)).singleElement().satisfies(p -> {
            assertThat(p.text()).isEqualTo("from a form");
            assertThat(p.channel()).isEqualTo("#ops");
        });
    }

    @Test
    void answersAnUnknownHookWith400AndAMattermostErrorBody() throws Exception {
        HttpResponse<String> response = postJson(fake.baseUrl() + "/hooks/doesnotexist1234", "{\"text\": \"hi\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = mapper.readTree(response.body());
        assertThat(error.get("id").asText()).isEqualTo("web.incoming_webhook.invalid.app_error");
        assertThat(error.get("status_code").asInt()).isEqualTo(400);
        assertThat(error.has("message")).isTrue();
        assertThat(error.has("detailed_error")).isTrue();
        assertThat(error.get("request_id").asText()).isNotEmpty();
    }

    @Test
    void refusesAPostWithNeitherTextNorAttachments() throws Exception {
        HttpResponse<String> response = postJson(fake.hookUrl(hook), "{\"channel\": \"ops\", \"attachments\": []}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(mapper.readTree(response.body()).get("id").asText()).isEqualTo("web.incoming_webhook.text.app_error");
        assertThat(fake.posts(hook)).isEmpty();
        assertThat(fake.requests(hook)).isEqualTo(1);
    }

    @Test
    void answersAnUnknownChannelWith404() throws Exception {
        assertThat(postJson(fake.hookUrl(hook), "{\"text\": \"hi\", \"channel\": \"nowhere\"}").statusCode())
                .isEqualTo(404);
        assertThat(postJson(fake.hookUrl(hook), "{\"text\": \"hi\", \"channel\": \"@nobody\"}").statusCode())
                .isEqualTo(404);
        fake.addUser("alice");
        assertThat(postJson(fake.hookUrl(hook), "{\"text\": \"hi\", \"channel\": \"@alice\"}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void refusesWhatTheContractForbids() throws Exception {
        assertThat(status("{\"text\": \"hi\", \"type\": \"system_join\"}")).isEqualTo(400);
        assertThat(status("{\"attachments\": [{\"text\": \"x\", \"color\": \"red\"}]}")).isEqualTo(400);
        assertThat(status("{\"attachments\": [{\"text\": \"x\", \"title_link\": \"https://a.example\"}]}"))
                .isEqualTo(400);
        assertThat(status("{\"attachments\": [{\"title\": \"t\", \"title_link\": \"ftp://a.example\"}]}"))
                .isEqualTo(400);
        assertThat(status("{\"text\": \"hi\", \"icon_url\": \"javascript:alert(1)\"}")).isEqualTo(400);
        assertThat(status("{\"text\": \"hi\", \"priority\": {\"priority\": \"whenever\"}}")).isEqualTo(400);
        assertThat(status("{\"text\": \"" + "x".repeat(MattermostFake.MAX_TEXT_LENGTH + 1) + "\"}")).isEqualTo(400);
        assertThat(status("not json")).isEqualTo(400);
        assertThat(fake.posts(hook)).isEmpty();

        assertThat(status("{\"attachments\": [{\"text\": \"x\", \"color\": \"#FF0000\"}]}")).isEqualTo(200);
        assertThat(status("{\"text\": \"" + "x".repeat(MattermostFake.MAX_TEXT_LENGTH) + "\"}")).isEqualTo(200);
    }

    @Test
    void onlyPostIsAllowed() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(fake.hookUrl(hook))).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
    }

    @Test
    void playsScriptedFailuresThenBehavesNormally() throws Exception {
        fake.script(hook, Reply.status(500), Reply.status(500));

        assertThat(postJson(fake.hookUrl(hook), VALID).statusCode()).isEqualTo(500);
        assertThat(postJson(fake.hookUrl(hook), VALID).statusCode()).isEqualTo(500);
        assertThat(postJson(fake.hookUrl(hook), VALID).statusCode()).isEqualTo(200);

        assertThat(fake.posts(hook)).hasSize(1);
        assertThat(fake.requests(hook)).isEqualTo(3);
        assertThat(fake.attempts(hook)).extracting(Attempt::status).containsExactly(500, 500, 200);
    }

    @Test
    void rateLimitsWithRetryAfter() throws Exception {
        fake.script(hook, Reply.tooManyRequests(7));

        HttpResponse<String> response = postJson(fake.hookUrl(hook), VALID);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(mapper.readTree(response.body()).get("status_code").asInt()).isEqualTo(429);
        assertThat(fake.posts(hook)).isEmpty();
    }

    @Test
    void aStalledReplyOutlastsTheClientTimeout() throws Exception {
        fake.script(hook, Reply.stall(Duration.ofSeconds(3)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(fake.hookUrl(hook)))
                .timeout(Duration.ofMillis(200))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(VALID)).build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        // The stall holds one request only; the hook answers the next one at once.
        assertThat(postJson(fake.hookUrl(hook), VALID).statusCode()).isEqualTo(200);
        assertThat(fake.posts(hook)).hasSize(1);
        assertThat(fake.requests(hook)).isEqualTo(2);
    }

    private int status(String body) throws IOException, InterruptedException {
        return postJson(fake.hookUrl(hook), body).statusCode();
    }

    private HttpResponse<String> postJson(String url, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
