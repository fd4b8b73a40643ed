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
    /** A bot channel, and the token of a bot that is a member of it. */
    private String alerts;
    private String bot;

    @BeforeEach
    void start() {
        fake = MattermostFake.start();
        hook = fake.createHook("town-square");
        fake.addChannel("ops");
        alerts = fake.addBotChannel("alerts");
        bot = fake.createBot(alerts);
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

    // ---- bot API ---------------------------------------------------------------------------

    @Test
    void createsABotPostWith201AndAnswersWithThePost() throws Exception {
        HttpResponse<String> response = api("POST", "/api/v4/posts", bot, """
                {"channel_id": "%s", "message": "disk full",
                 "props": {"attachments": [{"color": "danger", "title": "[FIRING] disk"}]}}
                """.formatted(alerts));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("X-RateLimit-Limit")).isEmpty();
        JsonNode post = mapper.readTree(response.body());
        assertThat(post.get("id").asText()).matches("[a-z0-9]{26}");
        assertThat(post.get("channel_id").asText()).isEqualTo(alerts);
        assertThat(post.get("user_id").asText()).isEqualTo(fake.botUserId(bot));
        assertThat(post.get("root_id").asText()).isEmpty();
        assertThat(post.get("message").asText()).isEqualTo("disk full");
        assertThat(post.get("create_at").asLong()).isPositive();
        assertThat(post.get("update_at").asLong()).isEqualTo(post.get("create_at").asLong());
        assertThat(post.get("edit_at").asLong()).isZero();
        assertThat(post.get("delete_at").asLong()).isZero();
        assertThat(post.get("props").get("attachments").get(0).get("color").asText()).isEqualTo("danger");
        assertThat(post.get("metadata").isObject()).isTrue();

        assertThat(fake.botPosts(alerts)).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(post.get("id").asText());
            assertThat(p.isRoot()).isTrue();
            assertThat(p.message()).isEqualTo("disk full");
            assertThat(p.attachments()).singleElement()
                    .satisfies(a -> assertThat(a.get("title").asText()).isEqualTo("[FIRING] disk"));
        });
        assertThat(fake.botAttempts(bot)).extracting(Attempt::status).containsExactly(201);
    }

    @Test
    void aReplyWithRootIdJoinsTheThread() throws Exception {
        String root = createPost("{\"channel_id\": \"" + alerts + "\", \"message\": \"firing\"}");

        HttpResponse<String> response = api("POST", "/api/v4/posts", bot,
                "{\"channel_id\": \"" + alerts + "\", \"message\": \"still firing\", \"root_id\": \"" + root + "\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode reply = mapper.readTree(response.body());
        assertThat(reply.get("root_id").asText()).isEqualTo(root);
        assertThat(fake.roots(alerts)).extracting(BotPost::id).containsExactly(root);
        assertThat(fake.replies(root)).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(reply.get("id").asText());
            assertThat(p.rootId()).isEqualTo(root);
            assertThat(p.isRoot()).isFalse();
        });
        assertThat(fake.botPosts(alerts)).hasSize(2);
    }

    @Test
    void refusesAReplyToAReplyOrToAnUnknownRoot() throws Exception {
        String root = createPost("{\"channel_id\": \"" + alerts + "\", \"message\": \"firing\"}");
        String reply = createPost(
                "{\"channel_id\": \"" + alerts + "\", \"message\": \"again\", \"root_id\": \"" + root + "\"}");

        HttpResponse<String> toReply = api("POST", "/api/v4/posts", bot,
                "{\"channel_id\": \"" + alerts + "\", \"message\": \"deeper\", \"root_id\": \"" + reply + "\"}");
        HttpResponse<String> toNothing = api("POST", "/api/v4/posts", bot,
                "{\"channel_id\": \"" + alerts + "\", \"message\": \"x\", \"root_id\": \"" + "a".repeat(26) + "\"}");

        assertThat(toReply.statusCode()).isEqualTo(400);
        assertThat(errorId(toReply)).isEqualTo("api.post.create_post.root_id.app_error");
        assertThat(toNothing.statusCode()).isEqualTo(400);
        assertThat(errorId(toNothing)).isEqualTo("api.post.create_post.root_id.app_error");
        assertThat(fake.botPosts(alerts)).extracting(BotPost::id).containsExactly(root, reply);
    }

    @Test
    void aPatchEditsThePostKeepingItsIdAndThreadAndIsRecorded() throws Exception {
        String root = createPost("{\"channel_id\": \"" + alerts + "\", \"message\": \"firing\"}");
        String reply = createPost(
                "{\"channel_id\": \"" + alerts + "\", \"message\": \"FIRING\", \"root_id\": \"" + root + "\"}");

        HttpResponse<String> response = api("PUT", "/api/v4/posts/" + reply + "/patch", bot, """
                {"message": "RESOLVED", "props": {"attachments": [{"color": "good", "text": "ok again"}]},
                 "is_pinned": true, "unknown_field": 1}
                """);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode patched = mapper.readTree(response.body());
        assertThat(patched.get("id").asText()).isEqualTo(reply);
        assertThat(patched.get("root_id").asText()).isEqualTo(root);
        assertThat(patched.get("message").asText()).isEqualTo("RESOLVED");
        assertThat(patched.get("is_pinned").asBoolean()).isTrue();
        assertThat(patched.get("edit_at").asLong()).isPositive();
        assertThat(patched.get("update_at").asLong()).isEqualTo(patched.get("edit_at").asLong());
        assertThat(fake.patches(reply)).isEqualTo(1);
        assertThat(fake.patches(root)).isZero();
        BotPost post = fake.post(reply);
        assertThat(post.message()).isEqualTo("FIRING");
        assertThat(post.currentMessage()).isEqualTo("RESOLVED");
        assertThat(post.attachments()).singleElement()
                .satisfies(a -> assertThat(a.get("color").asText()).isEqualTo("good"));
        assertThat(post.patches()).singleElement()
                .satisfies(p -> assertThat(p.request().get("is_pinned").asBoolean()).isTrue());
        assertThat(fake.replies(root)).extracting(BotPost::id).containsExactly(reply);
    }

    @Test
    void aPatchOfAnUnknownPostIs404() throws Exception {
        HttpResponse<String> response = api("PUT", "/api/v4/posts/" + "b".repeat(26) + "/patch", bot,
                "{\"message\": \"x\"}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(errorId(response)).isEqualTo("app.post.get.app_error");
    }

    @Test
    void aPatchIsCheckedLikeAPost() throws Exception {
        String post = createPost("{\"channel_id\": \"" + alerts + "\", \"message\": \"firing\"}");
        String path = "/api/v4/posts/" + post + "/patch";

        assertThat(api("PUT", path, bot, "not json").statusCode()).isEqualTo(400);
        assertThat(api("PUT", path, bot, "{\"message\": \"" + "x".repeat(MattermostFake.MAX_TEXT_LENGTH + 1) + "\"}")
                .statusCode()).isEqualTo(400);
        assertThat(api("PUT", path, bot, "{\"props\": {\"attachments\": [{\"color\": \"red\"}]}}").statusCode())
                .isEqualTo(400);
        String other = fake.createBot(alerts);
        assertThat(api("PUT", path, other, "{\"message\": \"mine now\"}").statusCode()).isEqualTo(403);
        fake.leaveChannel(bot, alerts);
        assertThat(api("PUT", path, bot, "{\"message\": \"resolved\"}").statusCode()).isEqualTo(403);

        assertThat(fake.patches(post)).isZero();
        assertThat(fake.post(post).currentMessage()).isEqualTo("firing");
    }

    @Test
    void aMissingOrUnknownTokenIs401() throws Exception {
        String body = "{\"channel_id\": \"" + alerts + "\", \"message\": \"hi\"}";

        HttpResponse<String> none = api("POST", "/api/v4/posts", null, body);
        HttpResponse<String> unknown = api("POST", "/api/v4/posts", "notatokenofthisfake1234567", body);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(errorId(none)).isEqualTo("api.context.session_expired.app_error");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(mapper.readTree(unknown.body()).get("status_code").asInt()).isEqualTo(401);
        assertThat(fake.botAttempts("notatokenofthisfake1234567")).extracting(Attempt::status).containsExactly(401);
        assertThat(fake.allBotPosts()).isEmpty();
    }

    @Test
    void aChannelTheBotIsNotInIs403AndAnUnknownChannelIs404() throws Exception {
        String elsewhere = fake.addBotChannel("elsewhere");
        String body = "{\"channel_id\": \"" + elsewhere + "\", \"message\": \"hi\"}";

        HttpResponse<String> notMember = api("POST", "/api/v4/posts", bot, body);
        HttpResponse<String> unknown = api("POST", "/api/v4/posts", bot,
                "{\"channel_id\": \"" + "c".repeat(26) + "\", \"message\": \"hi\"}");

        assertThat(notMember.statusCode()).isEqualTo(403);
        assertThat(errorId(notMember)).isEqualTo("api.context.permissions.app_error");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(fake.botPosts(elsewhere)).isEmpty();

        fake.joinChannel(bot, elsewhere);
        assertThat(api("POST", "/api/v4/posts", bot, body).statusCode()).isEqualTo(201);
        assertThat(fake.botPosts(elsewhere)).hasSize(1);
    }

    @Test
    void refusesAMessageOverTheLimitCountingCodePoints() throws Exception {
        HttpResponse<String> tooLong = api("POST", "/api/v4/posts", bot,
                "{\"channel_id\": \"" + alerts + "\", \"message\": \"" + "x".repeat(MattermostFake.MAX_TEXT_LENGTH + 1)
                        + "\"}");

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(errorId(tooLong)).isEqualTo("model.post.is_valid.message_length.app_error");
        assertThat(fake.botPosts(alerts)).isEmpty();
        // Mattermost counts runes: 16383 emoji are 32766 UTF-16 units and still fit.
        String emoji = "\uD83D\uDD25".repeat(MattermostFake.MAX_TEXT_LENGTH);
        assertThat(api("POST", "/api/v4/posts", bot,
                "{\"channel_id\": \"" + alerts + "\", \"message\": \"" + emoji + "\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void priorityIsAcceptedOnARootAndRefusedOnAReply() throws Exception {
        HttpResponse<String> root = api("POST", "/api/v4/posts", bot, """
                {"channel_id": "%s", "message": "down",
                 "metadata": {"priority": {"priority": "urgent", "requested_ack": true}}}
                """.formatted(alerts));
        assertThat(root.statusCode()).isEqualTo(201);
        String rootId = mapper.readTree(root.body()).get("id").asText();
        assertThat(mapper.readTree(root.body()).at("/metadata/priority/priority").asText()).isEqualTo("urgent");
        assertThat(fake.post(rootId).priority()).isEqualTo("urgent");

        HttpResponse<String> reply = api("POST", "/api/v4/posts", bot, """
                {"channel_id": "%s", "message": "still down", "root_id": "%s",
                 "metadata": {"priority": {"priority": "important"}}}
                """.formatted(alerts, rootId));
        HttpResponse<String> badValue = api("POST", "/api/v4/posts", bot, """
                {"channel_id": "%s", "message": "x", "metadata": {"priority": {"priority": "whenever"}}}
                """.formatted(alerts));

        assertThat(reply.statusCode()).isEqualTo(400);
        assertThat(errorId(reply))
                .isEqualTo("api.post.post_priority.priority_post_only_allowed_for_root_post.request_error");
        assertThat(badValue.statusCode()).isEqualTo(400);
        assertThat(fake.replies(rootId)).isEmpty();
    }

    @Test
    void refusesABodyThatIsNotAPost() throws Exception {
        HttpResponse<String> notJson = api("POST", "/api/v4/posts", bot, "{\"channel_id\": ");
        HttpResponse<String> noChannel = api("POST", "/api/v4/posts", bot, "{\"message\": \"hi\"}");
        HttpResponse<String> saysNothing = api("POST", "/api/v4/posts", bot,
                "{\"channel_id\": \"" + alerts + "\", \"props\": {\"attachments\": []}}");
        HttpResponse<String> badColor = api("POST", "/api/v4/posts", bot,
                "{\"channel_id\": \"" + alerts + "\", \"props\": {\"attachments\": [{\"text\": \"x\", \"color\": \"red\"}]}}");

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(errorId(notJson)).isEqualTo("api.context.invalid_body_param.app_error");
        assertThat(noChannel.statusCode()).isEqualTo(400);
        assertThat(mapper.readTree(noChannel.body()).get("detailed_error").asText()).contains("channel_id");
        assertThat(saysNothing.statusCode()).isEqualTo(400);
        assertThat(badColor.statusCode()).isEqualTo(400);
        assertThat(mapper.readTree(badColor.body()).get("message").asText()).contains("props.attachments[0].color");
        assertThat(fake.allBotPosts()).isEmpty();
        // Attachments alone say something.
        assertThat(api("POST", "/api/v4/posts", bot,
                "{\"channel_id\": \"" + alerts + "\", \"props\": {\"attachments\": [{\"text\": \"x\"}]}}")
                .statusCode()).isEqualTo(201);
    }

    @Test
    void answersOtherPathsWith404AndOtherMethodsWith405() throws Exception {
        HttpResponse<String> get = api("GET", "/api/v4/posts", bot, null);
        HttpResponse<String> users = api("GET", "/api/v4/users/me", bot, null);

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(users.statusCode()).isEqualTo(404);
        assertThat(errorId(users)).isEqualTo("api.context.404.app_error");
    }

    @Test
    void playsScriptedBotFailuresThenBehavesNormally() throws Exception {
        fake.scriptBot(bot, Reply.status(500), Reply.tooManyRequests(3));
        String body = "{\"channel_id\": \"" + alerts + "\", \"message\": \"hi\"}";

        assertThat(api("POST", "/api/v4/posts", bot, body).statusCode()).isEqualTo(500);
        HttpResponse<String> limited = api("POST", "/api/v4/posts", bot, body);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(api("POST", "/api/v4/posts", bot, body).statusCode()).isEqualTo(201);

        assertThat(fake.botPosts(alerts)).hasSize(1);
        assertThat(fake.botAttempts(bot)).extracting(Attempt::status).containsExactly(500, 429, 201);
        fake.resetBot(bot);
        assertThat(fake.botAttempts(bot)).isEmpty();
    }

    // ---- rate limiter ----------------------------------------------------------------------

    @Test
    void theRateLimiterRefusesPastTheBurstWithRetryAfterThenLetsRequestsThroughAgain() throws Exception {
        int perSecond = 1;
        int burst = 2;
        fake.rateLimit(perSecond, burst);

        // Far more requests than the bucket holds; each one that passes costs a full second of refill.
        HttpResponse<String> refused = null;
        int accepted = 0;
        for (int i = 0; i < 20 && refused == null; i++) {
            HttpResponse<String> response = postJson(fake.hookUrl(hook), "{\"text\": \"" + i + "\"}");
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("X-RateLimit-Limit")).hasValue(Integer.toString(burst + 1));
                accepted++;
            }
        }

        assertThat(refused).as("a 429 within 20 requests").isNotNull();
        assertThat(accepted).isGreaterThanOrEqualTo(burst + 1);
        assertThat(refused.body()).isEqualTo("limit exceeded\n");
        assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        // One request's worth of refill at 1/s, rounded up to whole seconds as Mattermost does.
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(fake.rateLimited()).isEqualTo(1);
        assertThat(fake.posts(hook)).hasSize(accepted);
        assertThat(fake.attempts(hook)).extracting(Attempt::status).endsWith(429);
        // One bucket for every endpoint: the bot API is refused too, and the refusal is its attempt.
        HttpResponse<String> botRefused = api("POST", "/api/v4/posts", bot,
                "{\"channel_id\": \"" + alerts + "\", \"message\": \"hi\"}");
        assertThat(botRefused.statusCode()).isEqualTo(429);
        assertThat(fake.botAttempts(bot)).extracting(Attempt::status).containsExactly(429);

        // Waiting what Retry-After said, and no longer, is enough.
        Thread.sleep(Duration.ofSeconds(1).toMillis());
        assertThat(postJson(fake.hookUrl(hook), "{\"text\": \"after the wait\"}").statusCode()).isEqualTo(200);

        assertThat(fake.rateLimited()).isEqualTo(2);
        assertThat(fake.arrivals()).hasSize(accepted + 1);
        assertThat(fake.mostArrivalsWithin(Duration.ofSeconds(1))).isLessThanOrEqualTo(perSecond + burst);
    }

    @Test
    void withoutARateLimitEveryRequestIsAnArrival() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(postJson(fake.hookUrl(hook), "{\"text\": \"" + i + "\"}").statusCode()).isEqualTo(200);
        }
        api("POST", "/api/v4/posts", bot, "{\"channel_id\": \"" + alerts + "\", \"message\": \"hi\"}");

        assertThat(fake.arrivals()).hasSize(6).isSorted();
        assertThat(fake.mostArrivalsWithin(Duration.ofDays(1))).isEqualTo(6);
        assertThat(fake.rateLimited()).isZero();
        fake.resetArrivals();
        assertThat(fake.arrivals()).isEmpty();
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

    /** Creates a bot post that must succeed and returns its id. */
    private String createPost(String body) throws IOException, InterruptedException {
        HttpResponse<String> response = api("POST", "/api/v4/posts", bot, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return mapper.readTree(response.body()).get("id").asText();
    }

    private HttpResponse<String> api(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
                .timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String errorId(HttpResponse<String> response) throws IOException {
        return mapper.readTree(response.body()).get("id").asText();
    }
}
